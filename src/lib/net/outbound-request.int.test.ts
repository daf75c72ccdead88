import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundError, sendOutbound } from "./outbound-request";

let server: Server;
let port: number;
beforeAll(async () => {
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
  server.closeAllConnections();
  server.close();
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
    expect(error?.message).toContain("internal.example resolves to 10.1.2.3");
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
