import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";
import { handleWebhook } from "./webhooks/handler";

const projectDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * One node:http server for the whole app: webhooks are answered directly (the hot path),
 * everything else (console, tRPC, REST API) by Next.js.
 */
export async function startHttpServer(opts: { port: number; dev: boolean }): Promise<Server> {
  const app = next({ dev: opts.dev, dir: projectDir, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (pathname.startsWith("/api/webhooks/")) void handleWebhook(req, res, pathname);
    else void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, () => resolve());
  });
  return server;
}
