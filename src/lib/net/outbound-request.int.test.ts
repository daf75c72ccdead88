import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress } from "./address-policy";
import { OutboundError, type OutboundInit, type Resolver, sendOutbound } from "./outbound-request";

let server: Server;
let port: number;
/** A service on this machine that a rebinding name points at: it must never be reached. */
let internal: Server;
let internalPort: number;
let internalHits = 0;
beforeAll(async () => {
  internal = createServer((_req, res) => {
    internalHits++;
    res.end("internal secret");
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  internalPort = (internal.address() as AddressInfo).port;
  server = createServer((req, res) => {
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://example.com/" });
      res.end();
    } else if (req.url === "/hang") {
      // never answers
    } else if (req.url === "/big") {
      res.writeHead(200);
      res.end("x".repeat(100_000));
    } else {
      res.writeHead(201, { "x-seen": "yes" });
      res.end(`hello ${req.method}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  for (const each of [server, internal]) {
    each.closeAllConnections();
    each.close();
  }
});

async function failure(url: string, allowPrivate = false, timeoutMs = 2_000) {
  const error = await sendOutbound(url, { timeoutMs, allowPrivate }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe("sendOutbound", () => {
  it("refuses loopback, link-local and metadata addresses unless private endpoints are allowed", async () => {
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://[::1]:${port}/`,
      "http://169.254.169.254/latest/meta-data/",
      `http://localhost:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      // IPv4-compatible IPv6: the URL parser makes it [::7f00:1], which is not "mapped".
      `http://[::127.0.0.1]:${port}/`,
    ]) {
      const error = await failure(url);
      expect(error.kind, url).toBe("ssrf_blocked");
      expect(error.message).toMatch(/ALLOW_PRIVATE_ENDPOINTS/);
    }
  });

  it("refuses a hostname that resolves to a private address", async () => {
    const error = await sendOutbound("http://internal.example/", {
      timeoutMs: 2_000,
      allowPrivate: false,
      resolve: async () => [{ address: "10.1.2.3", family: 4 }],
    }).then(
      () => null,
      (e: unknown) => e as OutboundError,
    );
    expect(error?.kind).toBe("ssrf_blocked");
    expect(error?.message).toContain("internal.example resolves to a private");
    // Tenants read attempt logs: the internal address is not revealed.
    expect(error?.message).not.toContain("10.1.2.3");
  });

  it("never connects to this machine through a name that rebinds after its first lookup", async () => {
    const { reached, outcome } = await rebindingAttempt(sendOutbound);
    expect(reached, "requests that reached the service on 127.0.0.1").toBe(0);
    expect(outcome).not.toMatchObject({ body: "internal secret" });
  });

  it("a name that rebinds does fool a client that checks one lookup and connects after another", async () => {
    const { reached, outcome } = await rebindingAttempt(resolveCheckThenConnect);
    expect(reached).toBe(1);
    expect(outcome).toMatchObject({ status: 200, body: "internal secret" });
  });

  it("reaches the local server when allowed, and reports status, headers, body and duration", async () => {
    const result = await sendOutbound(`http://localhost:${port}/`, {
      timeoutMs: 2_000,
      allowPrivate: true,
      body: "{}",
    });
    expect(result).toMatchObject({ status: 201, body: "hello POST", headers: { "x-seen": "yes" } });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("returns a redirect instead of following it, and caps the body", async () => {
    const redirect = await sendOutbound(`http://127.0.0.1:${port}/redirect`, {
      timeoutMs: 2_000,
      allowPrivate: true,
    });
    expect(redirect.status).toBe(302);
    const big = await sendOutbound(`http://127.0.0.1:${port}/big`, {
      timeoutMs: 2_000,
      allowPrivate: true,
    });
    expect(big.body).toHaveLength(4096);
  });

  it("classifies timeouts, refused connections, unknown hosts and bad URLs", async () => {
    const started = Date.now();
    expect((await failure(`http://127.0.0.1:${port}/hang`, true, 300)).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    expect((await failure(`http://127.0.0.1:${closedPort}/`, true)).kind).toBe("connect");
    expect((await failure("http://nonexistent.invalid/", true)).kind).toBe("dns");
    expect((await failure("ftp://example.com/")).kind).toBe("invalid_url");
  });
});

/**
 * Asks `client` for http://rebinding.example/ on the internal service's port, where the name
 * answers a public address first and 127.0.0.1 on every later lookup (DNS rebinding). A
 * client that connects to the address it checked goes to the public one (example.com's former
 * address: refused, unreachable or a timeout here), never to 127.0.0.1.
 */
async function rebindingAttempt(client: typeof sendOutbound) {
  let lookups = 0;
  const resolve: Resolver = async () => [
    { address: lookups++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 },
  ];
  const before = internalHits;
  const outcome = await client(`http://rebinding.example:${internalPort}/`, {
    timeoutMs: 1_000,
    allowPrivate: false,
    resolve,
  }).catch((error: unknown) => error);
  return { reached: internalHits - before, outcome };
}

/** The flaw the rebinding test exists for: check one lookup, then connect after another. */
async function resolveCheckThenConnect(url: string, init: OutboundInit) {
  const { hostname } = new URL(url);
  for (const { address } of (await init.resolve?.(hostname)) ?? []) {
    if (!isPublicAddress(address)) throw new OutboundError("ssrf_blocked", address, 0);
  }
  return sendOutbound(url, { ...init, allowPrivate: true }); // resolves the name again
}
