// The console's curl example (src/domain/sources/curl-example.ts) really works: for every
// verification scheme and preset, and for each way a source reads a request, the snippet is
// run with bash (curl and openssl) against the real server and the webhook is accepted (202).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { curlExample } from "@/domain/sources/curl-example";
import type { CreateSourceInput } from "@/domain/sources/schemas";
import { newSource, webhookServerForTheseTests } from "../support/inbound-kit";

const inbound = webhookServerForTheseTests("curl");
const run = promisify(execFile);

type Fields = Omit<CreateSourceInput, "tenantId" | "slug" | "name">;
const whsec = () => `whsec_${randomBytes(32).toString("base64")}`;

const schemes: [string, NonNullable<Fields["verification"]>][] = [
  ["none", { scheme: "none" }],
  ["shared_secret", { scheme: "shared_secret", secret: 'it\'s a s3cret; $HOME "quoted"' }],
  ["shared_secret, own header", { scheme: "shared_secret", header: "X-Token", secret: "t" }],
  ["bearer", { scheme: "bearer", secret: "b3arer-token" }],
  ["hmac_sha256 hex", { scheme: "hmac_sha256", header: "x-sig", encoding: "hex", secret: "k" }],
  [
    "hmac_sha256 base64 with prefix",
    { scheme: "hmac_sha256", encoding: "base64", prefix: "sha256=", secret: "k2" },
  ],
  ["github preset", { preset: "github", secret: "gh-secret" }],
  ["shopify preset", { preset: "shopify", secret: "shpss_123" }],
  ["standard_webhooks", { scheme: "standard_webhooks", secret: whsec() }],
  ["svix preset", { preset: "svix", secret: whsec() }],
  ["stripe", { scheme: "stripe", secret: whsec() }],
  ["slack preset", { preset: "slack", secret: "8f742231b10e8888abcd99yyyzzz85a5" }],
];

const rules: [string, Fields][] = [
  ["the default rules", {}],
  [
    "CRM leads (paths, required, timestamps, batch)",
    {
      idempotency: { from: "paths", paths: ["lead_id", "updated_at"] },
      eventType: { from: "path", path: "message.type" },
      subject: { from: "path", path: "message.call.id" },
      required: ["lead_id", "updated_at"],
      timestamps: ["updated_at"],
      batch: true,
    },
  ],
  [
    "headers everywhere (webhook-id, x-event-type, x-subject)",
    {
      idempotency: { from: "header", header: "webhook-id" },
      eventType: { from: "header", header: "x-event-type" },
      subject: { from: "header", header: "x-subject" },
    },
  ],
  ["the subject in the URL", { subject: { from: "url" }, eventType: { fixed: "job.updated" } }],
];

/** Runs the snippet as a user pasting it would; returns the summary and the HTTP status. */
async function runSnippet(snippet: string) {
  const { stdout } = await run("bash", ["-c", snippet], { timeout: 15_000 });
  const lines = stdout.trim().split("\n");
  const status = Number(/^HTTP (\d+)$/.exec(lines.at(-1) ?? "")?.[1]);
  return { status, body: JSON.parse(lines.slice(0, -1).join("\n")), stdout };
}

async function snippetFor(fields: Fields) {
  const source = await newSource(inbound.tenantId, "curl", fields);
  const ingestUrl = `${inbound.url}${source.ingestUrl}`;
  return { source, snippet: curlExample(source, ingestUrl, source.secret) };
}

describe("the curl example", () => {
  for (const [name, verification] of schemes) {
    it(`${name}: the snippet is accepted (202), and again as a new event`, async () => {
      const { source, snippet } = await snippetFor({ verification });
      const first = await runSnippet(snippet);
      expect(first.status, first.stdout).toBe(202);
      expect(first.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
      const second = await runSnippet(snippet);
      expect(second.status, second.stdout).toBe(202);
      expect(second.body.accepted, second.stdout).toBe(1);
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(2);
    });
  }

  for (const [name, fields] of rules) {
    it(`${name}: the snippet fills what the source reads and is accepted`, async () => {
      const { source, snippet } = await snippetFor({
        verification: { scheme: "stripe", secret: whsec() },
        ...fields,
      });
      const reply = await runSnippet(snippet);
      expect(reply.status, reply.stdout).toBe(202);
      expect(reply.body.accepted, reply.stdout).toBe(1);
      const event = await db.event.findFirstOrThrow({
        where: { sourceId: source.id },
        include: { subject: true },
      });
      if (fields.subject) expect(event.subject?.key).toMatch(/^ord_smp_\d+_\d+$/);
      if (fields.eventType && "fixed" in fields.eventType) expect(event.type).toBe("job.updated");
    });
  }

  it("without the secret, the placeholder stands in and a signed source refuses it (401)", async () => {
    const source = await newSource(inbound.tenantId, "curl", {
      verification: { scheme: "hmac_sha256", secret: "hidden" },
    });
    const snippet = curlExample(source, `${inbound.url}${source.ingestUrl}`, null);
    expect(snippet).toContain("SECRET='paste-the-source-secret-here'");
    expect((await runSnippet(snippet)).status).toBe(401);
  });
});
