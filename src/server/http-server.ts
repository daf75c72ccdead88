import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";

const projectDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * One node:http server for the whole app. Next.js serves the console, tRPC and the API; a
 * plain server in front leaves room for paths that must be faster than a route handler.
 */
export async function startHttpServer(opts: { port: number; dev: boolean }): Promise<Server> {
  const app = next({ dev: opts.dev, dir: projectDir, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, () => resolve());
  });
  return server;
}
