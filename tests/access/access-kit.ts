// Test support for the people-and-access tests (tests/access): calls as a signed-in browser
// (cookie + Origin), the public tRPC procedures that have no REST route (invitations, set-up),
// and reading the audit log.
import { expect } from "vitest";
import type { TenantRole } from "@/generated/prisma/enums";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { api, type Body, type CallOptions, ok, query, serverUrl } from "../api/rest-kit";
import { cookiesOf, httpFrom, newPerson, signIn, type TestPerson } from "../support/people";

/**
 * One /api/v1 call as a browser holding `cookie`: no API key, and an Origin header that is
 * the server's own unless `origin` says otherwise (null: no Origin header at all).
 */
export function asBrowser(
  cookie: string,
  method: string,
  path: string,
  opts: { body?: unknown; origin?: string | null } = {},
) {
  const headers: Record<string, string> = { cookie };
  const origin = opts.origin === undefined ? serverUrl() : opts.origin;
  if (origin !== null) headers.origin = origin;
  const call: CallOptions = { key: null, headers };
  if (opts.body !== undefined) call.body = opts.body;
  return api(method, path, call);
}

/** A person with a role in one tenant, signed in: their id, email and session cookie. */
export async function signedInMember(tenantId: string, role: TenantRole) {
  const person = await newPerson({ tenants: [{ tenantId, role }] });
  return { ...person, cookie: await signIn(serverUrl(), person) };
}

/** Signs a person in and returns the cookie. */
export const cookieOf = (person: TestPerson) => signIn(serverUrl(), person);

/**
 * The tRPC API as the console's pages call it (what /api/trpc does): the procedures for
 * accepting an invitation and setting up the first admin are public and have no REST route.
 */
export async function trpcAs(headers: Record<string, string> = {}) {
  return createCaller(await createContext({ headers: new Headers(headers), origin: serverUrl() }));
}

/** The ids of the tenants the caller sees through GET /tenants. */
export async function visibleTenantIds(cookie: string): Promise<string[]> {
  return ok(await asBrowser(cookie, "GET", "/tenants")).items.map((t: Body) => t.id);
}

/** The token at the end of a link (`.../invite/{token}`, `.../setup/{token}`). */
export const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1) ?? "";

/** Opens a portal link like a browser that does not follow the redirect. */
export async function openLink(url: string) {
  const reply = await httpFrom(url);
  return { ...reply, cookie: cookiesOf(reply) };
}

/** A tenant's audit log as the admin key reads it, every page of it, newest first. */
export async function auditLogOf(tenantId: string): Promise<Body[]> {
  const items: Body[] = [];
  let cursor: string | undefined;
  do {
    const page = ok(await api("GET", `/audit-log${query({ tenantId, cursor, limit: 200 })}`));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Expects a tRPC call to fail with this code (NOT_FOUND, UNAUTHORIZED, CONFLICT, ...). */
export async function expectTrpcError(call: Promise<unknown>, code: string) {
  await expect(call).rejects.toMatchObject({ code });
}
