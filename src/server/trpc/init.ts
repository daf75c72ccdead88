import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { type Permission, scopeFor } from "@/domain/access/principal";
import { DomainError } from "@/domain/errors";
import { isTooDeep, tooDeepMessage } from "@/lib/json/depth";
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

/**
 * Over-deep input is refused before anything walks it (REST and tRPC alike), and PostgreSQL
 * refuses U+0000 and lone surrogates in text: such input is a 400, never a 500.
 */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const input = await getRawInput();
  if (isTooDeep(input)) throw new DomainError("invalid_body", tooDeepMessage);
  if (!isStorable(input)) {
    throw new DomainError("validation_failed", "Text may not contain U+0000 or lone surrogates");
  }
  return next();
});

/** Anyone, signed in or not: only what a stranger may do (accept an invitation, set up). */
export const publicProcedure = t.procedure.use(domainErrors).use(storableInput);

/**
 * Someone signed in (a person, a portal session) or an API key. A browser's change must come
 * from our own pages: a cookie-authenticated mutation from another origin is refused (CSRF).
 */
const callerProcedure = publicProcedure.use(({ ctx, type, next }) => {
  const { caller } = ctx;
  if (!caller) {
    throw new DomainError(
      "unauthorized",
      "Sign in, or send an API key: Authorization: Bearer <key>",
    );
  }
  if (caller.viaCookie && type === "mutation" && !ctx.sameOrigin) {
    throw new DomainError("forbidden", "Cross-site request refused");
  }
  return next({ ctx: { principal: caller.principal } });
});

/** A procedure for callers holding `permission`; `ctx.scope` is where they hold it. */
function requiring(permission: Permission) {
  return callerProcedure.use(({ ctx, next }) => {
    const scope = scopeFor(ctx.principal, permission);
    if (!scope) throw new DomainError("forbidden", "Your role may not do this");
    return next({ ctx: { scope } });
  });
}

/** Reads: anyone signed in; `ctx.scope` is the tenants they may see (every one for staff). */
export const signedInProcedure = requiring("read");
/** Retry and replay: admins, operators, tenant owners and members (not viewers). */
export const retryProcedure = requiring("retry");
/** Sources, endpoints, publishing, test sends: admins, operators and tenant owners. */
export const configureProcedure = requiring("configure");
/** A tenant's API keys, people and portal links: admins and that tenant's owners. */
export const accessProcedure = requiring("manageAccess");
/** Tenants and platform staff: platform admins (a person, or the admin API key) only. */
export const adminProcedure = requiring("administer");
