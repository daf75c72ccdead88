import { type Caller, callerFrom } from "@/server/auth/principal";

/**
 * The one place where a request's context is built: who calls (an API key, a person's or a
 * portal session's cookie), whether a browser sent it from our own pages, and the origin
 * that links (portal links, invitations) are built on.
 */
export async function createContext(opts: { headers: Headers; origin: string }) {
  const caller: Caller | null = await callerFrom(opts.headers);
  return { caller, origin: opts.origin, sameOrigin: isSameOrigin(opts.headers, opts.origin) };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

/** A browser says where a request comes from: Origin, or Sec-Fetch-Site on requests without. */
function isSameOrigin(headers: Headers, origin: string): boolean {
  const from = headers.get("origin");
  if (from) return from === origin || from === process.env.APP_URL?.replace(/\/$/, "");
  return headers.get("sec-fetch-site") === "same-origin";
}
