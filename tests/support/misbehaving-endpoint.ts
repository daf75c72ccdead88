import { createServer, type Socket } from "node:net";

/** How an endpoint misbehaves once it has read a request's first bytes. */
export type Misbehaviour =
  /** Accepts the connection and never answers. */
  | "hang"
  /** Resets the connection (TCP RST). */
  | "reset"
  /** Sends the whole answer, status line first, one byte every 500 ms. */
  | "trickle"
  /** Sends the status line and headers at once, then the body one byte every 500 ms. */
  | "trickle-body"
  /** Answers 200 with a 10 MB body, as fast as it is read. */
  | "huge";

export const HUGE_BODY_BYTES = 10 * 1024 * 1024;

/**
 * An endpoint that misbehaves at the TCP level, on 127.0.0.1. Counts its connections, and
 * (for "huge") how many answers it managed to send in full: a client that stops reading after
 * a few KiB closes the connection before that.
 */
export async function startMisbehavingEndpoint(how: Misbehaviour) {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const stats = { connections: 0, fullAnswers: 0 };
  const trickle = (socket: Socket, text: string) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= text.length) return clearInterval(timer);
      socket.write(text[i++] as string);
    }, 500);
    timers.add(timer);
  };
  const body = '{"ok":true,"padding":"....................................."}';
  const head = (length: number) =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n`;
  const server = createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", () => {
      if (how === "reset") socket.resetAndDestroy();
      else if (how === "trickle") trickle(socket, head(body.length) + body);
      else if (how === "trickle-body") {
        socket.write(head(body.length));
        trickle(socket, body);
      } else if (how === "huge") sendHuge(socket, () => stats.fullAnswers++);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** 10 MB of body in 64 KiB chunks, each written once the last has drained. */
function sendHuge(socket: Socket, sentInFull: () => void) {
  socket.write(
    `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${HUGE_BODY_BYTES}\r\nconnection: close\r\n\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, "x");
  let left = HUGE_BODY_BYTES / chunk.length;
  const pump = () => {
    while (left > 0 && !socket.destroyed) {
      left--;
      const last = left === 0;
      const more = socket.write(chunk, (error) => {
        if (last && !error) sentInFull();
      });
      if (!more) return void socket.once("drain", pump);
    }
  };
  pump();
}
