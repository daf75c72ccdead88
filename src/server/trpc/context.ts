import { type Principal, principalFrom } from "@/server/auth/principal";

/**
 * The one place where a request's context is built: who calls (from the Authorization
 * header; null for the console until it has a login) and the origin URLs are built on.
 */
export async function createContext(opts: { authorization: string | null; origin: string }) {
  const principal: Principal | null = await principalFrom(opts.authorization);
  return { principal, origin: opts.origin };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
