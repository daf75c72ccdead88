import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError } from "@/domain/errors";
import type { Context } from "./context";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Domain errors keep their code; validation errors list their issues; nothing else leaks.
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        domainCode: cause instanceof DomainError ? cause.code : undefined,
        issues: cause instanceof ZodError ? cause.issues : undefined,
      },
    };
  },
});

/** Turns DomainErrors thrown by the domain into tRPC errors with a fitting code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCode(cause.status), message: cause.message, cause });
  }
  return result;
});

function trpcCode(status: number): TRPCError["code"] {
  if (status === 401) return "UNAUTHORIZED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  return "BAD_REQUEST";
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone who can reach the console. Authentication arrives with the console's login. */
export const publicProcedure = t.procedure.use(domainErrors);
