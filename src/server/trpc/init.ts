import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { DomainError } from "@/domain/errors";
import { isStorable } from "@/lib/json/storable";
import type { Context } from "./context";

/** A procedure's REST route (`openapi`) and the status it answers with when it succeeds. */
export type Meta = OpenApiMeta<{ successStatus?: 201 | 202 }>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
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

/**
 * Turns DomainErrors thrown by the domain into tRPC errors with a fitting code, and the
 * domain's own validation (zod) into 400s: bad input is never a 500.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: trpcCode(cause.status), message: cause.message, cause });
  }
  if (cause instanceof ZodError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Input validation failed", cause });
  }
  return result;
});

function trpcCode(status: number): TRPCError["code"] {
  if (status === 401) return "UNAUTHORIZED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 413) return "PAYLOAD_TOO_LARGE";
  if (status === 415) return "UNSUPPORTED_MEDIA_TYPE";
  if (status === 429) return "TOO_MANY_REQUESTS";
  return "BAD_REQUEST";
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** PostgreSQL refuses U+0000 and lone surrogates in text: such input is a 400, never a 500. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  if (!isStorable(await getRawInput())) {
    throw new DomainError("validation_failed", "Text may not contain U+0000 or lone surrogates");
  }
  return next();
});

/** Anyone who can reach the console. Authentication arrives with the console's login. */
export const publicProcedure = t.procedure.use(domainErrors).use(storableInput);

/** A caller with an API key: the admin's, or a tenant's (then `ctx.scope` is that tenant). */
export const apiProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) {
    throw new DomainError("unauthorized", "Send an API key: Authorization: Bearer <key>");
  }
  return next({ ctx: { principal: ctx.principal, scope: ctx.principal.scope } });
});

/** The admin key only (ADMIN_API_KEY): things no tenant may do, such as creating tenants. */
export const adminProcedure = apiProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== "admin") {
    throw new DomainError("forbidden", "Only the admin key may do this");
  }
  return next();
});
