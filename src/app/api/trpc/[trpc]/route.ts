import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_BATCH_SIZE } from "@/lib/trpc-batch";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

// Next's request URL can name the address it listens on; the browser addressed the Host.
function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0] ?? url.protocol.slice(0, -1);
  return `${proto}://${req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host}`;
}

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => createContext({ headers: req.headers, origin: requestOrigin(req) }),
  });

export { handler as GET, handler as POST };
