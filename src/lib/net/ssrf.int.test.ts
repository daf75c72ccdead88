import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { OutboundError, type Resolver, sendOutbound } from "./outbound-request";

/**
 * SSRF suite: user-given URLs (endpoints, enrichment, subject polls) must never reach this
 * machine, whatever the spelling of the host, whatever DNS answers, whatever the environment.
 * The "internal" service and the "proxy" are real listeners on 127.0.0.1 that count what
 * reaches them; every case asserts they saw nothing. DNS rebinding (a name that answers a
 * public address first and 127.0.0.1 afterwards) is in outbound-request.int.test.ts.
 */
let internal: Server;
let internalPort: number;
const internalHits: string[] = [];
let proxy: Server;
let proxyUrl: string;
const proxyHits: string[] = [];
let redirector: Server;
let redirectorPort: number;

beforeAll(async () => {
  internal = await listen((req, res) => {
    internalHits.push(describeRequest(req));
    res.end("internal secret");
  });
  internalPort = (internal.address() as AddressInfo).port;
  proxy = await listen((req, res) => {
    proxyHits.push(describeRequest(req));
    res.end("proxied");
  });
  proxy.on("connect", (req: IncomingMessage, socket) => {
    proxyHits.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  redirector = await listen((req, res) => {
    res.writeHead(Number(req.url?.slice(1)) || 302, {
      location: `http://127.0.0.1:${internalPort}/`,
    });
    res.end();
  });
  redirectorPort = (redirector.address() as AddressInfo).port;
});
afterAll(() => {
  for (const each of [internal, proxy, redirector]) {
    each.closeAllConnections();
    each.close();
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
  // Taken, not read: one leak fails its own case only.
  expect(internalHits.splice(0), "requests that reached the internal service").toEqual([]);
  expect(proxyHits.splice(0), "requests that reached the proxy from the environment").toEqual([]);
});

async function refusal(url: string, resolve?: Resolver) {
  const outcome = await sendOutbound(url, {
    timeoutMs: 2_000,
    allowPrivate: false,
    resolve: resolve ?? (async () => [{ address: "127.0.0.1", family: 4 }]),
  }).catch((error: unknown) => error);
  expect(outcome, url).toBeInstanceOf(OutboundError);
  return outcome as OutboundError;
}

describe("SSRF: hosts spelled as this machine", () => {
  it.each([
    ["decimal", "2130706433"],
    ["octal", "0177.0.0.1"],
    ["hex, dotted", "0x7f.0.0.1"],
    ["hex, whole", "0x7f000001"],
    ["short form", "127.1"],
    ["trailing dot", "127.0.0.1."],
    ["full-width digits and dots", "１２７。０。０。１"],
    ["zero", "0"],
    ["unspecified IPv4", "0.0.0.0"],
    ["unspecified IPv6", "[::]"],
    ["loopback IPv6", "[::1]"],
    ["IPv4-mapped IPv6", "[::ffff:7f00:1]"],
    ["IPv4-mapped IPv6, dotted", "[::ffff:127.0.0.1]"],
    ["IPv4-mapped IPv6, long form", "[0:0:0:0:0:ffff:127.0.0.1]"],
    ["IPv4-compatible IPv6", "[::127.0.0.1]"],
    ["IPv4-translated IPv6", "[::ffff:0:7f00:1]"],
    ["NAT64 IPv6", "[64:ff9b::127.0.0.1]"],
    ["user info that looks like a host", "public.example@127.0.0.1"],
    ["metadata, decimal", "2852039166"],
    ["metadata, IPv4-mapped hex", "[::ffff:a9fe:a9fe]"],
    ["unspecified, IPv4-mapped", "[::ffff:0.0.0.0]"],
    ["this network", "0.1.2.3"],
  ])("%s (%s) is refused before any connection", async (_form, host) => {
    let lookups = 0;
    const error = await refusal(`http://${host}:${internalPort}/`, async () => {
      lookups++;
      return [{ address: "93.184.216.34", family: 4 }];
    });
    expect(error.kind).toBe("ssrf_blocked");
    expect(error.message).toMatch(/ALLOW_PRIVATE_ENDPOINTS/);
    expect(lookups, "an IP literal is checked as written, never looked up").toBe(0);
  });
});

describe("SSRF: names that resolve to this machine", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "0.0.0.0",
    "::",
    "::1",
    "::ffff:7f00:1",
    "::ffff:127.0.0.1",
    "0:0:0:0:0:ffff:127.0.0.1",
    "::127.0.0.1",
    "::7f00:1",
    "::ffff:0.0.0.0",
    "64:ff9b::7f00:1",
    // Resolvers answer canonical addresses; a lenient one could hand back any inet_aton form.
    "2130706433",
    "0177.0.0.1",
    "0x7f.0.0.1",
    "127.1",
  ])("a name answering %s is refused, and the address is not revealed", async (address) => {
    const family = address.includes(":") ? 6 : 4;
    const error = await refusal(`http://internal.example:${internalPort}/`, async () => [
      { address, family },
    ]);
    expect(error.kind).toBe("ssrf_blocked");
    expect(error.message).toContain("internal.example resolves to a private");
    expect(error.message).not.toContain(address);
  });

  it.each([
    [["93.184.216.34", "127.0.0.1"]],
    [["127.0.0.1", "93.184.216.34"]],
    [["93.184.216.34", "1.1.1.1", "10.0.0.1"]],
    [["2606:4700:4700::1111", "::1"]],
    [["2606:4700:4700::1111", "93.184.216.34", "::ffff:127.0.0.1"]],
  ])("an answer mixing public and private addresses (%j) is refused whole", async (addresses) => {
    const error = await refusal(`http://mixed.example:${internalPort}/`, async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
    expect(error.kind).toBe("ssrf_blocked");
  });

  it("an empty answer is a DNS failure, not a crash", async () => {
    expect((await refusal(`http://empty.example:${internalPort}/`, async () => [])).kind).toBe(
      "dns",
    );
  });

  it("a name whose answer flips on every lookup never reaches this machine across retries", async () => {
    let lookups = 0;
    const flipping: Resolver = async () => [
      { address: lookups++ % 2 === 0 ? "127.0.0.1" : "93.184.216.34", family: 4 },
    ];
    for (let retry = 0; retry < 4; retry++) {
      // The public answer is unreachable, refused or intercepted here; only where it went matters.
      await sendOutbound(`http://flipping.example:${internalPort}/`, {
        timeoutMs: 500,
        allowPrivate: false,
        resolve: flipping,
      }).catch((error: unknown) => error);
    }
    expect(lookups).toBe(4);
  });
});

describe("SSRF: redirects", () => {
  // The redirector lives on 127.0.0.1, so reaching it needs allowPrivate; that the internal
  // service is still not reached shows redirects are never followed, whatever they point at.
  it.each([301, 302, 303, 307, 308])(
    "a %i to this machine is the answer, never followed",
    async (status) => {
      const result = await sendOutbound(`http://127.0.0.1:${redirectorPort}/${status}`, {
        timeoutMs: 2_000,
        allowPrivate: true,
      });
      expect(result.status).toBe(status);
      expect(result.headers.location).toBe(`http://127.0.0.1:${internalPort}/`);
    },
  );
});

describe("SSRF: proxies from the environment", () => {
  function stubProxies() {
    for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"]) {
      vi.stubEnv(name, proxyUrl);
      vi.stubEnv(name.toLowerCase(), proxyUrl);
    }
    vi.stubEnv("NO_PROXY", "");
    vi.stubEnv("no_proxy", "");
  }

  it.each(["http", "https"])(
    "%s requests resolve and connect themselves, never through HTTP(S)_PROXY or ALL_PROXY",
    async (scheme) => {
      stubProxies();
      const looked: string[] = [];
      const error = await refusal(`${scheme}://public.example/`, async (hostname) => {
        looked.push(hostname);
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: "ENOTFOUND",
        });
      });
      expect(looked, "the target itself was resolved: no proxy in between").toEqual([
        "public.example",
      ]);
      expect(error.kind).toBe("dns");
    },
  );

  it("a private name stays refused with proxies set (a proxy would resolve it for us)", async () => {
    stubProxies();
    const error = await refusal(`http://internal.example:${internalPort}/`);
    expect(error.kind).toBe("ssrf_blocked");
  });

  it("when private endpoints are allowed, the request goes straight to its host", async () => {
    stubProxies();
    const result = await sendOutbound(`http://127.0.0.1:${internalPort}/direct`, {
      timeoutMs: 2_000,
      allowPrivate: true,
    });
    expect(result.body).toBe("internal secret");
    // Origin-form path: a proxy would have been asked for the absolute URL.
    expect(internalHits.splice(0)).toEqual(["POST /direct"]);
  });
});

function describeRequest(req: IncomingMessage): string {
  return `${req.method} ${req.url}`;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
