import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sendError } from "./error-reply";

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Next.js (console, tRPC), loaded and prepared on the first request that needs it: an app
 * that only takes webhooks never holds it (20-30 MB of the idle process). Requests that
 * arrive meanwhile wait for the same start; a failed start answers 500 and the next request
 * tries again. A missing production build still fails at boot.
 */
export function lazyNextHandler(opts: { dev: boolean; port: number }): Handler {
  const dir = projectDir();
  if (!opts.dev && !existsSync(join(dir, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${join(dir, ".next")}: run \`npm run build\` first`);
  }
  let ready: Promise<Handler> | undefined;
  const start = async (): Promise<Handler> => {
    const { default: next } = await import("next");
    const app = next({ dev: opts.dev, dir, port: opts.port });
    await app.prepare();
    return app.getRequestHandler();
  };
  return async (req, res) => {
    ready ??= start();
    let handle: Handler;
    try {
      handle = await ready;
    } catch (error) {
      ready = undefined;
      return sendError(res, error, "The console could not be started");
    }
    await handle(req, res);
  };
}

/** The directory of next.config.mjs, above this module (src/server/http/, or the bundle's). */
function projectDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "next.config.mjs"))) {
    if (dirname(dir) === dir) throw new Error("next.config.mjs not found above the server");
    dir = dirname(dir);
  }
  return dir;
}
