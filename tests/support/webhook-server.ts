import type { AddressInfo } from "node:net";
import { startHttpServer } from "@/server/http/server";

/** The real HTTP server (webhooks only, no Next.js build needed) on a free port. */
export async function startWebhookServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await startHttpServer({ port: 0, dev: false, withNext: false });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
