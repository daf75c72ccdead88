import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that a test can take down (connections reset, new ones
 * refused) or make hang (connections reset, new ones accepted and never answered), then bring
 * back: the database's faults without stopping the server other tests share.
 */
export interface DbProxy {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  up(): void;
  down(): void;
  hang(): void;
  close(): Promise<void>;
}

export async function startDbProxy(url: string): Promise<DbProxy> {
  const target = new URL(url);
  let mode: "up" | "down" | "hang" = "up";
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode === "down") return void client.destroy();
    if (mode === "hang") return;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(port);
  const resetAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: proxied.toString(),
    up: () => {
      mode = "up";
    },
    down: () => {
      mode = "down";
      resetAll();
    },
    hang: () => {
      mode = "hang";
      resetAll();
    },
    close: () => {
      resetAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
