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

/** Starts a prefetch; the page renders at once and the client picks the result up. */
// biome-ignore lint/suspicious/noExplicitAny: any procedure's options, as in tRPC's own guide.
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(options: T) {
  const queryClient = getQueryClient();
  if (options.queryKey[1]?.type === "infinite") {
    void queryClient.prefetchInfiniteQuery(options as never);
  } else {
    void queryClient.prefetchQuery(options);
  }
}

/** Hands what was prefetched to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
