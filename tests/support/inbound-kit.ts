// Test support for the inbound integration tests (tests/inbound): tenants and sources with
// unique slugs, webhook requests over real HTTP, row counts, the app's own functions on the
// embedded runner, and small local HTTP servers standing in for enrichment services.

import { randomBytes } from "node:crypto";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/edge";
import { afterAll, beforeAll } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db, disconnectDb } from "@/domain/db";
import { ingest } from "@/domain/ingest/ingest";
import type { CreateSourceInput } from "@/domain/sources/schemas";
import { createSource, findEnabledSourceBySlug } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { inngest } from "@/jobs/client";
import { functions } from "@/jobs/functions";
import { handOffEvents } from "@/jobs/hand-off";
import { type Runner, type RunnerOptions, startRunner } from "@/runner/runner";
import { eventually } from "@/runner/test-app";
import { startWebhookServer } from "./webhook-server";

export const randomSuffix = () => randomBytes(4).toString("hex");
export const uniqueSlug = (prefix: string) => `${prefix}-${randomSuffix()}`;

export function newTenant(prefix = "inbound") {
  return createTenant(everyTenant, { name: `Tenant ${prefix}`, slug: uniqueSlug(prefix) });
}

type SourceFields = Omit<CreateSourceInput, "tenantId" | "slug" | "name"> & {
  slug?: string;
  name?: string;
};

/**
 * A source of `tenantId` with a unique slug (prefixed by `prefix`); unless `fields` say
 * otherwise it verifies nothing, so that tests post plain requests.
 */
export function newSource(tenantId: string, prefix: string, fields: SourceFields = {}) {
  return createSource(everyTenant, {
    tenantId,
    slug: fields.slug ?? uniqueSlug(prefix),
    name: fields.name ?? `Source ${prefix}`,
    verification: { scheme: "none" },
    ...fields,
  });
}

export interface SummaryItem {
  id: string | null;
  status: "accepted" | "duplicate" | "rejected";
  error?: string;
}

/** What the webhook endpoint answers: the summary, an error, or both (all_rejected). */
export interface WebhookBody {
  accepted?: number;
  duplicates?: number;
  rejected?: number;
  events?: SummaryItem[];
  error?: { code: string; message: string };
}

export interface WebhookReply {
  status: number;
  headers: Headers;
  text: string;
  body: WebhookBody;
}

/**
 * POSTs to `{baseUrl}/api/webhooks/{path}`. An object body is sent as JSON; a string or
 * Buffer as is. Content-Type defaults to application/json.
 */
export async function postWebhook(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string | undefined> = {},
  method = "POST",
): Promise<WebhookReply> {
  const payload =
    typeof body === "string" || Buffer.isBuffer(body)
      ? body
      : body === undefined
        ? undefined
        : JSON.stringify(body);
  const response = await fetch(`${baseUrl}/api/webhooks/${path}`, {
    method,
    headers: definedOnly({ "content-type": "application/json", ...headers }),
    body: payload === undefined ? undefined : new Uint8Array(Buffer.from(payload)),
  });
  return readReply(response.status, response.headers, await response.text());
}

function definedOnly(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

function readReply(status: number, headers: Headers, text: string): WebhookReply {
  let body: WebhookBody = {};
  try {
    body = JSON.parse(text) as WebhookBody;
  } catch {
    // Left empty: the assertions on `text` or `body` then say what came back.
  }
  return { status, headers, text, body };
}

/**
 * POSTs a body in chunks with no Content-Length (chunked transfer encoding), a pause between
 * chunks, and stops writing as soon as the server answers (as a 413 does mid-body).
 */
export function postStreamed(
  url: string,
  chunks: Buffer[],
  headers: Record<string, string> = {},
  pauseMs = 10,
): Promise<WebhookReply & { chunksWritten: number }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let chunksWritten = 0;
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
    });
    req.on("response", (res: IncomingMessage) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === "string") responseHeaders.set(name, value);
        }
        resolve({ ...readReply(res.statusCode ?? 0, responseHeaders, text), chunksWritten });
      });
      res.on("error", reject);
    });
    // Once the server has answered and closed, a write may fail (EPIPE, ECONNRESET): expected.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const writeNext = () => {
      if (answered || req.destroyed) return;
      const chunk = chunks[chunksWritten];
      if (!chunk) {
        req.end();
        return;
      }
      chunksWritten += 1;
      req.write(chunk, () => setTimeout(writeNext, pauseMs));
    };
    req.flushHeaders();
    writeNext();
  });
}

/** Events and inbound requests stored for a source. */
export async function storedFor(sourceId: string) {
  const [events, requests] = await Promise.all([
    db.event.count({ where: { sourceId } }),
    db.inboundRequest.count({ where: { sourceId } }),
  ]);
  return { events, requests };
}

/** Events and inbound requests stored in the whole database. */
export async function storedInTotal() {
  const [events, requests] = await Promise.all([db.event.count(), db.inboundRequest.count()]);
  return { events, requests };
}

/**
 * An inbound test file's set-up: the real HTTP server and a tenant of the file's own, ready
 * before its tests (read `url` and `tenantId` inside them); afterwards the hand-offs settle
 * and everything stops.
 */
export function webhookServerForTheseTests(tenantPrefix: string) {
  const inbound = { url: "", tenantId: "" };
  let server: Awaited<ReturnType<typeof startWebhookServer>> | undefined;
  beforeAll(async () => {
    server = await startWebhookServer();
    inbound.url = server.url;
    inbound.tenantId = (await newTenant(tenantPrefix)).id;
  });
  afterAll(async () => {
    if (inbound.tenantId) await handOffsSettled(inbound.tenantId);
    await server?.stop();
    await disconnectDb();
  });
  return inbound;
}

/** The app's functions on the embedded runner for the whole test file. */
export function appRunnerForTheseTests(options: Partial<RunnerOptions> = {}) {
  let runner: Runner | undefined;
  beforeAll(async () => {
    runner = await startAppRunner(options);
  });
  afterAll(async () => {
    await runner?.stop();
  });
}

/**
 * Posts one event of `type` for the tenant through a new source, as a provider would, and
 * hands it to processing; returns its id.
 */
export async function publishThroughSource(tenantId: string, type: string, data: object = {}) {
  const created = await newSource(tenantId, uniqueSlug("out"), {
    eventType: { from: "path", path: "type" },
  });
  const source = await findEnabledSourceBySlug(created.slug);
  if (!source) throw new Error("source missing");
  const result = await ingest(source, {
    contentType: "application/json",
    rawBody: Buffer.from(JSON.stringify({ type, ...data })),
    headers: {},
  });
  await handOffEvents(result.acceptedIds);
  return result.acceptedIds[0] ?? "";
}

/** An event's deliveries, each with its attempts in order. */
export const deliveriesOf = (eventId: string) =>
  db.delivery.findMany({
    where: { eventId },
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
  });

/** The embedded runner with the app's real functions, as src/server/boot.ts starts it. */
export function startAppRunner(options: Partial<RunnerOptions> = {}): Promise<Runner> {
  return startRunner({
    databaseUrl: process.env.DATABASE_URL ?? "",
    handler: serve({ client: inngest, functions }),
    pollMs: 100,
    backoff: () => 50,
    ...options,
  });
}

export interface StubServer {
  url: string;
  /** The JSON bodies received, in order. */
  received: unknown[];
  stop(): Promise<void>;
}

/** A local HTTP server answering every POST with `answer(body)` (status and JSON body). */
export async function startStubServer(
  answer: (
    body: unknown,
  ) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown },
): Promise<StubServer> {
  const received: unknown[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          body = Buffer.concat(chunks).toString("utf8");
        }
        received.push(body);
        const reply = await answer(body);
        const json = JSON.stringify(reply.body);
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(json);
      })().catch((error: unknown) => {
        res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/enrich`,
    received,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits, polling, until `check` returns a value; fails after `timeoutMs` naming `what`. */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return eventually(check, timeoutMs, what);
}

/**
 * For afterAll: waits (at most `timeoutMs`, never failing) until every event of the tenant
 * has been handed off, so no hand-off is cut short by closing the database.
 */
export async function handOffsSettled(tenantId: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await db.event.count({ where: { tenantId, handedOffAt: null } })) === 0) return;
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
