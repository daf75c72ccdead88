// The isolation suite's machinery (tests/access/isolation.int.test.ts): every procedure of the
// router, what kind it is (which permission it needs), inputs built from its zod schema and
// aimed at another tenant's things, the callers, both transports (tRPC over the Next route
// handler, REST over real HTTP) and the judge that says which answers are allowed.
import { randomBytes } from "node:crypto";
import superjson from "superjson";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import type { Permission } from "@/domain/access/principal";
import { restRoutes } from "@/server/rest/routes";
import {
  accessProcedure,
  adminProcedure,
  configureProcedure,
  publicProcedure,
  retryProcedure,
  signedInProcedure,
} from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { api } from "../api/rest-kit";

// ---------------------------------------------------------------------------------------------
// The procedures

/** The named procedure kinds of src/server/trpc/init.ts and the permission each one demands. */
const KINDS = {
  publicProcedure: null,
  signedInProcedure: "read",
  retryProcedure: "retry",
  configureProcedure: "configure",
  accessProcedure: "manageAccess",
  adminProcedure: "administer",
} as const satisfies Record<string, Permission | null>;
export type KindName = keyof typeof KINDS;
const builders: Record<KindName, unknown> = {
  publicProcedure,
  signedInProcedure,
  retryProcedure,
  configureProcedure,
  accessProcedure,
  adminProcedure,
};

// Zod 4 schemas are walked through their `_zod.def`; only what the walker needs is typed.
interface ZodDef {
  type: string;
  shape?: Record<string, ZodLike>;
  innerType?: ZodLike;
  in?: ZodLike;
  options?: ZodLike[];
  left?: ZodLike;
  right?: ZodLike;
  element?: ZodLike;
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => ZodLike;
  format?: string;
}
export interface ZodLike {
  _zod: { def: ZodDef };
  safeParse(value: unknown): { success: boolean };
}

interface ProcedureDef {
  _def: {
    type: "query" | "mutation" | "subscription";
    inputs: ZodLike[];
    middlewares: unknown[];
    meta?: { openapi?: { method: string; path: string } };
  };
}

export interface Procedure {
  /** "endpoints.rotateSecret" */
  path: string;
  type: "query" | "mutation";
  /** Null when no named kind starts its middleware chain: an unguarded procedure. */
  kind: KindName | null;
  /** What a caller must hold; null for the public procedures. */
  permission: Permission | null;
  input: ZodLike | undefined;
  openapi?: { method: string; path: string };
}

/** Every procedure of the router, with the kind it was built from (by its middleware chain). */
export function allProcedures(): Procedure[] {
  const record = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(record).map(([path, procedure]) => {
    const { type, inputs, middlewares, meta } = procedure._def;
    if (type === "subscription") throw new Error(`${path}: teach the isolation kit subscriptions`);
    const kind = kindOf(middlewares);
    return {
      path,
      type,
      kind,
      permission: kind ? KINDS[kind] : null,
      input: inputs[0],
      openapi: meta?.openapi,
    };
  });
}

/** The named kind whose middlewares are the longest prefix of the procedure's. */
function kindOf(middlewares: unknown[]): KindName | null {
  let found: KindName | null = null;
  let length = -1;
  for (const name of Object.keys(KINDS) as KindName[]) {
    const builder = builders[name] as { _def: { middlewares: unknown[] } };
    const prefix = builder._def.middlewares;
    if (prefix.length > length && prefix.every((mw, i) => middlewares[i] === mw)) {
      found = name;
      length = prefix.length;
    }
  }
  return found;
}

export { restRoutes };

// ---------------------------------------------------------------------------------------------
// A tenant's things, and the markers that give them away

/** Things that have an id; `any` stands for a field whose kind the kit cannot tell. */
export type RefKind =
  | "tenant"
  | "source"
  | "endpoint"
  | "event"
  | "delivery"
  | "subject"
  | "bulkRetry"
  | "invitation"
  | "user"
  | "apiKey"
  | "audit";
export const refKinds: RefKind[] = [
  "tenant",
  "source",
  "endpoint",
  "event",
  "delivery",
  "subject",
  "bulkRetry",
  "invitation",
  "user",
  "apiKey",
  "audit",
];

export interface Marker {
  label: string;
  value: string;
  /** Never shown to anyone but those who manage the thing (not even platform viewers). */
  secret: boolean;
}

export interface TenantWorld {
  label: "A" | "B";
  ids: Record<RefKind, string>;
  /** Names that are not ids but point at the tenant's things. */
  subjectKey: string;
  idempotencyKey: string;
  markers: Marker[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

export type Variant = "foreign" | "foreign-untagged" | "own";

export interface Probe {
  variant: Variant;
  /** e.g. "foreign[id=endpoint]" when a field of unknown kind was tried with each kind. */
  label: string;
  input: unknown;
  /** The input names one of the foreign tenant's things by id (or the tenant itself). */
  aimed: boolean;
}

type Ref =
  | { by: "id"; kind: RefKind | "any" }
  | { by: "subjectKey" }
  | { by: "idempotencyKey" }
  | { by: "cursor"; kind: RefKind | null };

// Nouns in paths ("/tenants/{id}") and router namespaces that tell what an `id` is.
const nouns: Record<string, RefKind> = {
  tenants: "tenant",
  sources: "source",
  endpoints: "endpoint",
  events: "event",
  deliveries: "delivery",
  subjects: "subject",
  "bulk-retry": "bulkRetry",
  invitations: "invitation",
  people: "user",
  members: "user",
  "api-keys": "apiKey",
  apiKeys: "apiKey",
  "audit-log": "audit",
  auditLog: "audit",
};

const idFields: Record<string, RefKind> = {
  tenant: "tenant",
  source: "source",
  endpoint: "endpoint",
  event: "event",
  delivery: "delivery",
  subject: "subject",
  bulkRetry: "bulkRetry",
  invitation: "invitation",
  user: "user",
  key: "apiKey",
  apiKey: "apiKey",
  audit: "audit",
};

/** What `id` means in a procedure: the noun before `{id}` in its REST path, or its namespace. */
function idKindOf(procedure: Procedure): RefKind | "any" {
  const before = procedure.openapi?.path.split("/{id}")[0]?.split("/").at(-1);
  if (procedure.openapi?.path.includes("{id}") && before) return nouns[before] ?? "any";
  return nouns[procedure.path.split(".")[0] ?? ""] ?? "any";
}

/** Whether a field names something of a tenant, and what. */
function referenceOf(field: string, procedure: Procedure): Ref | null {
  if (field === "id") return { by: "id", kind: idKindOf(procedure) };
  const idMatch = /^(\w+)Id$/.exec(field);
  if (idMatch?.[1]) return { by: "id", kind: idFields[idMatch[1]] ?? "any" };
  if (field === "key" || field === "subject") return { by: "subjectKey" };
  if (field === "idempotencyKey") return { by: "idempotencyKey" };
  if (field === "cursor") {
    const kind = idKindOf(procedure);
    return { by: "cursor", kind: kind === "any" ? null : kind };
  }
  return null;
}

const unique = () => randomBytes(4).toString("hex");

/** Plausible values for fields that name nothing: tried in order, the first the schema takes. */
function candidatesFor(field: string, schema: ZodLike): unknown[] {
  const byName: Record<string, () => unknown> = {
    name: () => "Isolation probe",
    slug: () => `iso-${unique()}`,
    email: () => `iso-${unique()}@example.test`,
    url: () => "http://127.0.0.1:9/isolation",
    type: () => "isolation.probe",
    password: () => `isolation-${unique()}`,
    token: () => `bogus-token-${randomBytes(20).toString("hex")}`,
    since: () => new Date(Date.now() - 86_400_000),
    data: () => ({ probe: true }),
  };
  const named = byName[field]?.();
  return [...(named === undefined ? [] : [named]), ...candidatesOfType(schema, field)];
}

function candidatesOfType(schema: ZodLike, field: string): unknown[] {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
    case "readonly":
    case "catch":
    case "nonoptional":
      return def.innerType ? candidatesOfType(def.innerType, field) : [];
    case "pipe":
      return def.in ? candidatesOfType(def.in, field) : [];
    case "lazy":
      return def.getter ? candidatesOfType(def.getter(), field) : [];
    case "string":
      if (def.format === "email") return [`iso-${unique()}@example.test`];
      if (def.format === "url") return ["http://127.0.0.1:9/isolation"];
      return ["isolation-probe", "isolation.probe", `isolation-probe-${unique()}-padding`, "a"];
    case "number":
    case "int":
      return [60, 1, 1_000, 0];
    case "bigint":
      return [1n];
    case "boolean":
      return [false, true];
    case "date":
      return [new Date(Date.now() - 3_600_000)];
    case "enum": {
      // The last entry: in this codebase's enums the least privileged (member, viewer).
      const entries = Object.values(def.entries ?? {});
      return entries.reverse();
    }
    case "literal":
      return def.values ?? [];
    case "array":
      return [[], def.element ? [valueFor(field, def.element, () => null)] : []];
    case "record":
      return [{}];
    case "object":
      return [objectFor(schema, () => undefined)];
    case "union":
      return (def.options ?? []).flatMap((option) => candidatesOfType(option, field));
    case "intersection": {
      const left = def.left ? candidatesOfType(def.left, field)[0] : undefined;
      const right = def.right ? candidatesOfType(def.right, field)[0] : undefined;
      return [{ ...(left as object), ...(right as object) }];
    }
    case "null":
      return [null];
    default:
      return [{}];
  }
}

/** A value for one field: a reference if `reference` gives one, else the first plausible one. */
function valueFor(field: string, schema: ZodLike, reference: (field: string) => unknown): unknown {
  const referenced = reference(field);
  if (referenced !== undefined && referenced !== null) return referenced;
  const candidates = candidatesFor(field, schema);
  return candidates.find((value) => schema.safeParse(value).success) ?? candidates[0];
}

/**
 * An object for an object schema: its required fields always (referenced or plausible), its
 * optional ones only when `reference` fills them.
 */
function objectFor(schema: ZodLike, reference: (field: string, optional: boolean) => unknown) {
  const out: Record<string, unknown> = {};
  for (const [field, fieldSchema] of Object.entries(schema._zod.def.shape ?? {})) {
    const optional = mayLeaveOut(fieldSchema);
    const referenced = reference(field, optional);
    if (referenced !== undefined && referenced !== null) out[field] = referenced;
    else if (!optional) out[field] = valueFor(field, fieldSchema, () => null);
  }
  return out;
}

/** Whether a field takes a name or an id (text), as opposed to a number, a rule, a list. */
const takesText = (schema: ZodLike) =>
  ["x", "evt_01k0000000000000000000000a"].some((text) => schema.safeParse(text).success);

/** Whether an object's field may be left out (optional, or with a default). */
const mayLeaveOut = (schema: ZodLike) => schema.safeParse(undefined).success;

/** The object schema under optional()/default() wrappers, or null when the input is not one. */
function objectSchemaOf(schema: ZodLike | undefined): ZodLike | null {
  let current = schema;
  while (current) {
    const def = current._zod.def;
    if (def.type === "object") return current;
    current = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  }
  return null;
}

/**
 * The inputs a procedure is called with:
 * - `foreign`: every field that names something (tenantId, id, *Id, key, subject, cursor,
 *   idempotencyKey) names the foreign tenant's thing; the other required fields are plausible.
 * - `foreign-untagged`: the same without tenantId (lists filtered by a foreign id, a bulk
 *   retry of a foreign endpoint), when the procedure has an optional tenantId and more.
 *   Changes get foreign names (subject keys, idempotency keys) only when they also name a
 *   foreign thing by id: otherwise they would act in the caller's own tenant and plant them.
 * - `own` (queries only): required fields name the caller's own tenant's things, and tenantId
 *   does when there is one: what a caller of that tenant may read.
 * A field whose kind cannot be told is tried once with each kind of id.
 */
export function probesFor(procedure: Procedure, foreign: TenantWorld, own: TenantWorld): Probe[] {
  const schema = objectSchemaOf(procedure.input);
  if (!schema) {
    // Not an object (or no input): nothing can name a tenant's thing.
    const input = procedure.input ? valueFor("input", procedure.input, () => null) : undefined;
    return [{ variant: "foreign", label: "foreign", input, aimed: false }];
  }
  const fields = Object.entries(schema._zod.def.shape ?? {});
  // A field named like a reference is one only if it takes a string (a source's `subject` is
  // a rule, not a subject's key).
  const refs = new Map(
    fields.map(([field, s]) => [field, takesText(s) ? referenceOf(field, procedure) : null]),
  );
  const unknownKind = [...refs.values()].some((ref) => ref?.by === "id" && ref.kind === "any");
  const guesses: (RefKind | null)[] = unknownKind ? refKinds : [null];

  const resolve = (world: TenantWorld, ref: Ref | null | undefined, guess: RefKind | null) => {
    if (!ref) return undefined;
    if (ref.by === "subjectKey") return world.subjectKey;
    if (ref.by === "idempotencyKey") return world.idempotencyKey;
    const kind = ref.kind === "any" ? guess : ref.kind;
    return kind ? world.ids[kind] : undefined;
  };
  const naming = (ref: Ref | null | undefined) => ref?.by === "id";
  const isName = (ref: Ref | null | undefined) =>
    ref?.by === "subjectKey" || ref?.by === "idempotencyKey";
  const build = (
    world: TenantWorld,
    guess: RefKind | null,
    include: { tenantId: boolean; names: boolean },
  ) =>
    objectFor(schema, (field) => {
      const ref = refs.get(field);
      if (field === "tenantId" && !include.tenantId) return undefined;
      if (isName(ref) && !include.names) return undefined;
      return resolve(world, ref, guess);
    });
  const aimedAt = (input: Record<string, unknown>) =>
    fields.some(([field]) => naming(refs.get(field)) && field in input);
  const tenantIdOptional = fields.some(([field, s]) => field === "tenantId" && mayLeaveOut(s));
  const othersThanTenant = fields.some(([field]) => field !== "tenantId" && refs.get(field));

  const probes: Probe[] = [];
  for (const guess of guesses) {
    const suffix = guess ? `[id=${guess}]` : "";
    // A change that names nothing of the foreign tenant by id would act in the caller's own
    // tenant: it gets no foreign names either (it would only plant them there).
    let input = build(foreign, guess, { tenantId: true, names: true });
    const aimed = aimedAt(input);
    if (procedure.type === "mutation" && !aimed) {
      input = build(foreign, guess, { tenantId: true, names: false });
    }
    probes.push({ variant: "foreign", label: `foreign${suffix}`, input, aimed });

    if (tenantIdOptional && othersThanTenant) {
      const untagged = build(foreign, guess, { tenantId: false, names: true });
      const stillAimed = aimedAt(untagged);
      if (procedure.type === "query" || stillAimed) {
        probes.push({
          variant: "foreign-untagged",
          label: `foreign-untagged${suffix}`,
          input: untagged,
          aimed: stillAimed,
        });
      }
    }
    if (procedure.type === "query") {
      const ownInput = objectFor(schema, (field, optional) =>
        optional && field !== "tenantId" ? undefined : resolve(own, refs.get(field), guess),
      );
      probes.push({ variant: "own", label: `own${suffix}`, input: ownInput, aimed: false });
    }
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------
// Callers and transports

export interface Caller {
  name: string;
  /** The Cookie header (people, portal sessions) or the API key; neither for anonymous. */
  cookie?: string;
  key?: string;
  platformRole?: "viewer";
  /** The caller's role in tenant A. */
  tenantRole?: "owner" | "member";
}

/** Whether the caller holds a permission somewhere (in tenant A, or everywhere for staff). */
export function holds(caller: Caller, permission: Permission): boolean {
  if (caller.platformRole === "viewer") return permission === "read";
  if (caller.tenantRole === "owner") return permission !== "administer";
  if (caller.tenantRole === "member") return permission === "read" || permission === "retry";
  return false;
}

export const signedIn = (caller: Caller) => Boolean(caller.cookie || caller.key);

export interface Reply {
  status: number;
  text: string;
  /** What the request carried (URL and body), to tell an echo from a leak. */
  sent: string;
}

/** Where the tRPC handler believes it is served; cookie mutations send it as Origin (CSRF). */
export const TRPC_ORIGIN = "http://127.0.0.1:3000";

/** One call through the Next route handler of /api/trpc (query: GET, mutation: POST). */
export async function callTrpc(
  caller: Caller,
  procedure: Procedure,
  input: unknown,
): Promise<Reply> {
  const url = new URL(`${TRPC_ORIGIN}/api/trpc/${procedure.path}`);
  const headers: Record<string, string> = {};
  if (caller.key) headers.authorization = `Bearer ${caller.key}`;
  if (caller.cookie) headers.cookie = caller.cookie;
  const payload = input === undefined ? undefined : JSON.stringify(superjson.serialize(input));
  let response: Response;
  if (procedure.type === "query") {
    if (payload !== undefined) url.searchParams.set("input", payload);
    response = await trpcGet(new Request(url, { headers }));
  } else {
    headers.origin = TRPC_ORIGIN;
    headers["content-type"] = "application/json";
    response = await trpcPost(new Request(url, { method: "POST", headers, body: payload }));
  }
  return {
    status: response.status,
    text: await response.text(),
    sent: `${decodeURIComponent(url.toString())} ${payload ?? ""}`,
  };
}

/** One call of a REST route over real HTTP, path parameters and the rest taken from `input`. */
export async function callRest(
  caller: Caller,
  procedure: Procedure,
  input: unknown,
  serverUrl: string,
): Promise<Reply> {
  const openapi = procedure.openapi;
  if (!openapi) throw new Error(`${procedure.path} has no REST route`);
  const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const path = openapi.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value ?? "missing"));
  });
  const headers: Record<string, string> = {};
  if (caller.key) headers.authorization = `Bearer ${caller.key}`;
  if (caller.cookie) {
    headers.cookie = caller.cookie;
    headers.origin = serverUrl;
  }
  const inQuery = openapi.method === "GET" || openapi.method === "DELETE";
  const query = inQuery ? queryString(rest) : "";
  const body = inQuery ? undefined : JSON.parse(JSON.stringify(rest));
  const reply = await api(openapi.method, `${path}${query}`, { key: null, headers, body });
  return {
    status: reply.status,
    text: reply.text,
    sent: `${decodeURIComponent(`${path}${query}`)} ${body === undefined ? "" : JSON.stringify(body)}`,
  };
}

function queryString(values: Record<string, unknown>): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value instanceof Date) pairs.push([name, value.toISOString()]);
    else if (["string", "number", "boolean"].includes(typeof value)) {
      pairs.push([name, String(value)]);
    }
  }
  return pairs.length ? `?${new URLSearchParams(pairs)}` : "";
}

// ---------------------------------------------------------------------------------------------
// The judge

export interface Verdict {
  /** Statuses allowed; an empty list: anything below 500. */
  allowed: number[];
  /** Markers that must not appear unless the request carried them. */
  hidden: Marker[];
  /** The answer must name one of these when it names any id at all (own reads). */
  mustShowOneOf?: Marker[];
  /** A success may name no id at all (the public procedures, called with a bogus token). */
  mustNameNothing?: boolean;
}

const REFUSED = [400, 401, 403, 404];

/**
 * What a caller may get from a probe: the public procedures never answer 5xx nor show
 * anything; everything else is 401 without a caller, 403 without the permission; with it, the
 * foreign tenant's things are refused and never shown (a platform viewer reads every tenant,
 * but never a secret), and the caller's own reads succeed.
 */
export function verdictFor(
  caller: Caller,
  procedure: Procedure,
  probe: Probe,
  worlds: { own: TenantWorld; foreign: TenantWorld },
  successStatus: number,
): Verdict {
  const everyMarker = [...worlds.own.markers, ...worlds.foreign.markers];
  const foreignMarkers = worlds.foreign.markers;
  if (procedure.permission === null) {
    const allowed = range(200, 299).concat(range(400, 499));
    return {
      allowed,
      hidden: signedIn(caller) ? foreignMarkers : everyMarker,
      mustNameNothing: true,
    };
  }
  if (!signedIn(caller)) return { allowed: [401], hidden: everyMarker };
  if (procedure.permission !== "read" && !holds(caller, procedure.permission)) {
    return { allowed: [403], hidden: foreignMarkers };
  }
  if (caller.platformRole) {
    // Platform staff: every tenant is theirs to read; secrets stay with those who manage.
    const secrets = foreignMarkers.filter((marker) => marker.secret);
    if (probe.variant === "own") {
      return { allowed: [successStatus], hidden: secrets, mustShowOneOf: worlds.own.markers };
    }
    return { allowed: [successStatus, 400, 404], hidden: secrets };
  }
  if (probe.variant === "own") {
    return { allowed: [successStatus], hidden: foreignMarkers, mustShowOneOf: worlds.own.markers };
  }
  const mustRefuse = probe.aimed && (probe.variant === "foreign" || procedure.type === "mutation");
  return { allowed: mustRefuse ? REFUSED : [], hidden: foreignMarkers };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const TYPEID = /\b[a-z]+_[0-9a-z]{26}\b/;

/** What is wrong with a reply under a verdict; empty when nothing is. */
export function violationsOf(reply: Reply, verdict: Verdict): string[] {
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`status ${reply.status}`);
  else if (verdict.allowed.length > 0 && !verdict.allowed.includes(reply.status)) {
    problems.push(`status ${reply.status}, expected ${verdict.allowed.join("|")}`);
  }
  const leaked = verdict.hidden.filter(
    (marker) => reply.text.includes(marker.value) && !reply.sent.includes(marker.value),
  );
  if (leaked.length > 0) problems.push(`shows ${leaked.map((m) => m.label).join(", ")}`);
  // tRPC's error shape always has a `stack` key (null here); a string there would be a trace.
  if (/\bat .+:\d+:\d+|node_modules|\.ts:\d+|"stack":\s*"/.test(reply.text)) {
    problems.push("shows a stack trace or a file path");
  }
  if (verdict.mustNameNothing && reply.status < 300 && TYPEID.test(reply.text)) {
    problems.push("a public procedure answered with ids");
  }
  if (verdict.mustShowOneOf && reply.status < 300 && TYPEID.test(reply.text)) {
    if (!verdict.mustShowOneOf.some((marker) => reply.text.includes(marker.value))) {
      problems.push("names ids but none of its own tenant's");
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The table (DEBUG_ISOLATION=1)

export interface Row {
  transport: "trpc" | "rest";
  procedure: string;
  probe: string;
  caller: string;
  status: number;
  problems: string[];
}

/** procedure x caller -> status, a `!` after the statuses that broke a rule. */
export function table(rows: Row[], callers: string[]): string {
  const lines = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const key = `${row.transport} ${row.procedure} ${row.probe}`;
    const line = lines.get(key) ?? new Map<string, string>();
    const cell = `${row.status}${row.problems.length ? "!" : ""}`;
    line.set(row.caller, line.has(row.caller) ? `${line.get(row.caller)},${cell}` : cell);
    lines.set(key, line);
  }
  const first = Math.max(...[...lines.keys()].map((key) => key.length), 10);
  const widths = callers.map((caller) => Math.max(caller.length, 4));
  const format = (head: string, cells: string[]) =>
    `${head.padEnd(first)}  ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 4)).join("  ")}`;
  return [
    format("procedure / probe", callers),
    ...[...lines].map(([key, line]) =>
      format(
        key,
        callers.map((c) => line.get(c) ?? "-"),
      ),
    ),
  ].join("\n");
}
