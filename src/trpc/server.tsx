import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

/** One QueryClient per request, shared by every prefetch of that request's render. */
export const getQueryClient = cache(makeQueryClient);

const requestContext = cache(async () => {
  const incoming = await headers();
  const proto = incoming.get("x-forwarded-proto") ?? "http";
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "localhost";
  return createContext({ headers: incoming, origin: `${proto}://${host}` });
});

/**
 * Server components prefetch through this proxy: the procedure runs in-process with the
 * signed-in caller's context (no HTTP hop), and the result hydrates the client's cache.
 */
export const trpc = createTRPCOptionsProxy({
  ctx: requestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** The prefetches of this request, which HydrateClient waits for. */
const started = cache((): Promise<unknown>[] => []);

/** Starts a prefetch; every prefetch of a page runs in parallel. */
// biome-ignore lint/suspicious/noExplicitAny: any procedure's options, as in tRPC's own guide.
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(options: T) {
  const queryClient = getQueryClient();
  started().push(
    options.queryKey[1]?.type === "infinite"
      ? queryClient.prefetchInfiniteQuery(options as never)
      : queryClient.prefetchQuery(options),
  );
}

/**
 * Hands what was prefetched to the client components below, once it has arrived: the page's
 * HTML then carries the data, exactly as the browser hydrates it (a page rendered while its
 * queries were pending would not match the browser's first render).
 */
export async function HydrateClient({ children }: { children: ReactNode }) {
  await Promise.allSettled(started());
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
