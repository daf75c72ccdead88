// Test support for the management REST API tests (tests/api): calls over real HTTP to
// /api/v1 of the real server, and the few set-ups every file needs (tenants, keys, endpoints,
// published events), made through the API itself.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { uniqueSlug, waitFor } from "../support/inbound-kit";
import { startWebhookServer } from "../support/webhook-server";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked by the assertions.
export type Body = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

export interface CallOptions {
  /** The API key; the admin's by default, null for no Authorization header. */
  key?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with `contentType` (application/json unless given). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

let baseUrl = "";

/** The real HTTP server on a free port; `api` calls it until `stop`. */
export async function startApi() {
  const server = await startWebhookServer();
  baseUrl = server.url;
  return server;
}

export const serverUrl = () => baseUrl;

/**
 * What every API test file needs: an admin key of its own (ADMIN_API_KEY) and the real
 * server, started before its tests and stopped after them.
 */
export function serveApiForTheseTests() {
  process.env.ADMIN_API_KEY = `admin-${randomBytes(16).toString("hex")}`;
  let server: Awaited<ReturnType<typeof startApi>> | undefined;
  beforeAll(async () => {
    server = await startApi();
  });
  afterAll(async () => {
    await server?.stop();
  });
}

/**
 * An endpoint URL for tests that deliver nothing: the discard port of this machine, so a
 * runner that picks up a delivery later gets a refused connection, and no request leaves it.
 */
export const nowhere = "http://127.0.0.1:9/hooks";
export const adminKey = () => process.env.ADMIN_API_KEY ?? "";

/** One call to `/api/v1{path}`. */
export async function api(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const key = opts.key === undefined ? adminKey() : opts.key;
  const headers: Record<string, string> = { ...opts.headers };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (payload !== undefined) headers["content-type"] = opts.contentType ?? "application/json";
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  let body: Body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Left null: the assertions on `text` say what came back.
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** `?a=1&b=2` from the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][];
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)]))}` : "";
}

/** Asserts a success status and returns the body. */
export function ok(reply: Reply, status = 200): Body {
  expect(reply.status, `${reply.status} ${reply.text}`).toBe(status);
  return reply.body;
}

/** PRODUCT.md's error shape with this status and code, and nothing leaking. */
export function expectError(reply: Reply, status: number, code: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.body?.error?.code, reply.text).toBe(code);
  expect(typeof reply.body?.error?.message, reply.text).toBe("string");
  expectNoLeak(reply);
}

/** Never a 500, never a stack trace or a file path in a body. */
export function expectNoLeak(reply: Reply) {
  expect(reply.status, reply.text).toBeLessThan(500);
  expect(reply.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+|"stack"/);
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  retentionDays: number;
}

/** A tenant made by the admin through POST /tenants, with a unique slug. */
export async function newApiTenant(prefix = "api"): Promise<Tenant> {
  return ok(
    await api("POST", "/tenants", { body: { name: `Tenant ${prefix}`, slug: uniqueSlug(prefix) } }),
    201,
  );
}

/** A tenant key (sk_live_...) issued through POST /tenants/{id}/api-keys. */
export async function newTenantKey(tenantId: string): Promise<{ id: string; key: string }> {
  return ok(await api("POST", `/tenants/${tenantId}/api-keys`, { body: { name: "tests" } }), 201);
}

/** A tenant and a key of its own. */
export async function tenantWithKey(prefix = "api") {
  const tenant = await newApiTenant(prefix);
  return { tenant, key: (await newTenantKey(tenant.id)).key };
}

/** An endpoint of the tenant at `url`, subscribed to everything unless `fields` say otherwise. */
export async function newApiEndpoint(tenantId: string, url: string, fields: object = {}) {
  return ok(await api("POST", "/endpoints", { body: { tenantId, url, ...fields } }), 201);
}

/** A source of the tenant with a unique slug, verifying nothing unless `fields` say otherwise. */
export async function newApiSource(tenantId: string, fields: object = {}) {
  const slug = uniqueSlug("src");
  const verification = { scheme: "none" };
  return ok(
    await api("POST", "/sources", {
      body: { tenantId, slug, name: "Leads", verification, ...fields },
    }),
    201,
  );
}

/** Publishes through POST /events; returns the 202 body. */
export async function publish(tenantId: string, type: string, data: object = {}, extra = {}) {
  return ok(await api("POST", "/events", { body: { tenantId, type, data, ...extra } }), 202);
}

/** Waits until the event has `count` deliveries, all passing `done`; returns their details. */
export async function waitForDeliveries(
  eventId: string,
  done: (delivery: Body) => boolean,
  count = 1,
): Promise<Body[]> {
  return waitFor(`${count} deliveries of ${eventId} to settle`, async () => {
    const list = ok(await api("GET", `/deliveries${query({ eventId })}`));
    if (list.items.length !== count) return null;
    const details = await Promise.all(
      list.items.map(async (d: Body) => ok(await api("GET", `/deliveries/${d.id}`))),
    );
    return details.every(done) ? details : null;
  });
}
