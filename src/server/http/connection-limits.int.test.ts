import type { Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "./server";

// Slow-loris: a client that trickles its headers, or sits on an idle socket, or opens too
// many, is cut off; the server goes on answering everyone else.
let server: Server;
let port = 0;

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    dev: false,
    withNext: false,
    limits: {
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
      idleTimeoutMs: 1_500,
      maxConnections: 5,
    },
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Milliseconds until the server ends the socket (or `capMs` if it does not). */
function closedAfter(socket: Socket, capMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const cap = setTimeout(() => resolve(capMs), capMs);
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(cap);
      resolve(Date.now() - started);
    });
  });
}

/** A request that needs no database: without Next.js, an unknown page is a 404. */
async function answerStatus(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/no-such-page`)).status;
}

describe("connection limits", () => {
  it("closes a connection whose headers trickle in, and keeps serving others", async () => {
    const slow = await open();
    slow.write("POST /api/webhooks/x HTTP/1.1\r\nHost: x\r\n");
    const drip = setInterval(() => slow.write("x-drip: 1\r\n"), 200);
    const closed = closedAfter(slow, 5_000);
    expect(await answerStatus()).toBe(404);
    const ms = await closed;
    clearInterval(drip);
    expect(ms).toBeLessThan(4_000);
  });

  it("closes a socket that says nothing", async () => {
    const idle = await open();
    expect(await closedAfter(idle, 5_000)).toBeLessThan(4_000);
  });

  it("refuses connections over the cap, and accepts again once they are gone", async () => {
    const held = await Promise.all(Array.from({ length: 5 }, open));
    const extra = await open();
    expect(await closedAfter(extra, 3_000)).toBeLessThan(1_000);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await answerStatus()).toBe(404);
  });
});

describe("keep-alive", () => {
  it("keeps an idle keep-alive connection open past Node's default 5 s, so a client reusing it is answered", async () => {
    const defaults = await startHttpServer({ port: 0, dev: false, withNext: false });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = connect((defaults.address() as AddressInfo).port, "127.0.0.1", () =>
        resolve(opened),
      );
      opened.on("error", reject);
    });
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    const ask = () => socket.write("GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n");
    const answers = () => received.match(/^HTTP\/1\.1 404/gm)?.length ?? 0;
    const answered = async (n: number) => {
      for (let waited = 0; answers() < n && waited < 2_000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return answers();
    };
    try {
      ask();
      expect(await answered(1)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(socket.destroyed).toBe(false);
      ask();
      expect(await answered(2)).toBe(2);
    } finally {
      socket.destroy();
      defaults.closeAllConnections();
      await new Promise((resolve) => defaults.close(resolve));
    }
  }, 15_000);
});
