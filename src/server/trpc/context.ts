/** The one place where a request's context is built. */
export async function createContext(opts: { headers: Headers }) {
  return { headers: opts.headers };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
