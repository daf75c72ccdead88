import type { z } from "zod";
import { actingTenant, inScope, type Scope, tenantFilter } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { isUniqueViolation } from "@/domain/prisma-errors";
import { openPreviousSecret, openSecret, rotatedSecret, sealSecret } from "@/domain/secrets";
import { maskPollHeaders, sealPollHeaders } from "@/domain/subjects/poll-headers";
import { trackingRule } from "@/domain/subjects/tracking-rule";
import { getTenant } from "@/domain/tenants/tenants";
import { Prisma, type Source as SourceRow } from "@/generated/prisma/client";
import { newId } from "@/lib/ids";
import {
  type CreateSourceInput,
  createSourceInput,
  enrichmentRule,
  eventTypeRule,
  idempotencyRule,
  PROVIDER_ISSUED,
  rateLimitRule,
  secretInput,
  subjectRule,
  type UpdateSourceInput,
  updateSourceInput,
} from "./schemas";
import { DEFAULT_VERIFICATION, generateSourceSecret } from "./verification/generated-secret";
import { verificationScheme } from "./verification/schemes";

/** A source as the domain uses it: configuration typed by the zod schemas, secret sealed. */
export type Source = ReturnType<typeof toSource>;

type Fields = Partial<z.output<typeof createSourceInput>>;
type SourceColumns = Omit<Prisma.SourceUncheckedCreateInput, "id" | "tenantId" | "slug">;

/** Creates a source; the response carries its ingest path and secret, no later one does. */
export async function createSource(
  scope: Scope,
  input: Omit<CreateSourceInput, "tenantId"> & { tenantId?: string },
) {
  const tenantId = actingTenant(scope, input.tenantId);
  const parsed = createSourceInput.parse({ ...input, tenantId });
  const verification = parsed.verification ?? DEFAULT_VERIFICATION;
  const data = {
    ...parsed,
    verification: {
      ...verification,
      secret:
        parsed.verification?.secret ??
        (verification.scheme === "none" ? undefined : generateSourceSecret(verification.scheme)),
    },
  };
  await getTenant(scope, tenantId);
  const id = newId("source");
  const [row] = await withSlugCheck(data.slug, () =>
    db.$transaction([
      db.source.create({ data: { id, tenantId, slug: data.slug, ...columns(data, null) } }),
      audited(scope, {
        action: "source.created",
        target: { type: "source", id },
        tenantId,
        details: { slug: data.slug, scheme: data.verification.scheme },
      }),
    ]),
  );
  return { ...toSource(row), secret: data.verification.secret ?? null };
}

export async function updateSource(scope: Scope, id: string, input: UpdateSourceInput) {
  const data = updateSourceInput.parse(input);
  const { tenantId, tracking } = await getSourceRow(scope, id);
  const [row] = await db.$transaction([
    db.source.update({ where: { id }, data: columns(data, tracking) }),
    audited(scope, {
      // A new verification carries a new secret: the log says so, without the secret.
      action: data.verification ? "source.secret_changed" : "source.updated",
      target: { type: "source", id },
      tenantId,
      details: { fields: Object.keys(input) },
    }),
  ]);
  return toSource(row);
}

export async function deleteSource(scope: Scope, id: string): Promise<void> {
  const { tenantId } = await getSourceRow(scope, id);
  await db.$transaction([
    db.source.delete({ where: { id } }),
    audited(scope, { action: "source.deleted", target: { type: "source", id }, tenantId }),
  ]);
}

export async function getSource(scope: Scope, id: string) {
  return toSource(await getSourceRow(scope, id));
}

export async function listSources(scope: Scope, filter: { tenantId?: string } = {}) {
  const rows = await db.source.findMany({
    where: { tenantId: tenantFilter(scope, filter.tenantId) },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toSource);
}

/** The secret, for those allowed to manage the source (PRODUCT.md: no other response shows it). */
export async function getSourceSecret(
  scope: Scope,
  id: string,
): Promise<{ secret: string | null }> {
  const row = await getSourceRow(scope, id);
  return { secret: row.secretCiphertext ? openSecret(row.secretCiphertext) : null };
}

/**
 * The enabled source behind an ingest URL, with its secret opened (and the previous one while
 * a rotation's overlap lasts); null when there is none.
 */
export async function findEnabledSourceBySlug(slug: string) {
  const row = await db.source.findUnique({ where: { slug } });
  if (!row?.enabled) return null;
  return {
    ...toSource(row),
    secret: row.secretCiphertext ? openSecret(row.secretCiphertext) : null,
    previousSecret: openPreviousSecret(row),
  };
}

/**
 * A new secret now (generated, or the provider's own where it issues them); the previous one
 * is still accepted for 24 hours, so the provider's configuration can change meanwhile.
 */
export async function rotateSourceSecret(
  scope: Scope,
  id: string,
  input: { secret?: string } = {},
) {
  const row = await getSourceRow(scope, id);
  const scheme = verificationScheme.parse(row.verification);
  if (scheme.scheme === "none")
    throw new DomainError("conflict", "This source verifies nothing: choose a scheme first");
  const given = input.secret === undefined ? undefined : secretInput.parse(input.secret);
  if (given === undefined && PROVIDER_ISSUED.includes(scheme.scheme))
    throw new DomainError(
      "validation_failed",
      "secret: this provider issues the secret: copy it from its dashboard",
    );
  const secret = given ?? generateSourceSecret(scheme.scheme);
  const rotation = rotatedSecret(secret, row.secretCiphertext);
  const [updated] = await db.$transaction([
    db.source.update({ where: { id }, data: rotation.columns }),
    audited(scope, {
      action: "source.secret_rotated",
      target: { type: "source", id },
      tenantId: row.tenantId,
      details: { previousValidUntil: rotation.previousValidUntil.toISOString() },
    }),
  ]);
  return { ...toSource(updated), secret };
}

export function ingestPath(slug: string): string {
  return `/api/webhooks/${slug}`;
}

/** Another tenant's source is "not found": a tenant key learns nothing of what it may not see. */
async function getSourceRow(scope: Scope, id: string): Promise<SourceRow> {
  const row = await db.source.findFirst({ where: { id, ...inScope(scope) } });
  if (!row) throw new DomainError("not_found", `No source "${id}"`);
  return row;
}

async function withSlugCheck<T>(slug: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("conflict", `A source with slug "${slug}" already exists`);
    throw error;
  }
}

/** Parsed input -> database columns (only the fields present); `storedTracking` is the old rule. */
function columns(data: Fields, storedTracking: unknown): SourceColumns {
  const json = (value: object | null | undefined) => (value === null ? Prisma.DbNull : value);
  const out: Record<string, unknown> = {};
  if (data.name !== undefined) out.name = data.name;
  if (data.enabled !== undefined) out.enabled = data.enabled;
  if (data.verification !== undefined) {
    const { secret, ...scheme } = data.verification;
    out.verification = scheme;
    out.secretCiphertext = secret ? sealSecret(secret) : null;
  }
  if (data.idempotency !== undefined) out.idempotency = data.idempotency;
  if (data.eventType !== undefined) out.eventType = data.eventType;
  if (data.subject !== undefined) out.subject = json(data.subject);
  if (data.required !== undefined) out.requiredPaths = data.required;
  if (data.timestamps !== undefined) out.timestampPaths = data.timestamps;
  if (data.batch !== undefined) out.batch = data.batch;
  if (data.maxBodyBytes !== undefined) out.maxBodyBytes = data.maxBodyBytes;
  if (data.maxBatchItems !== undefined) out.maxBatchItems = data.maxBatchItems;
  if (data.rateLimit !== undefined) out.rateLimit = json(data.rateLimit);
  if (data.enrichment !== undefined) out.enrichment = json(data.enrichment);
  if (data.tracking !== undefined)
    out.tracking = json(sealPollHeaders(data.tracking, storedTracking));
  return out as SourceColumns;
}

/** A row -> the shape the API returns (names as in PRODUCT.md, never the secret). */
function toSource(row: SourceRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    slug: row.slug,
    name: row.name,
    enabled: row.enabled,
    ingestUrl: ingestPath(row.slug),
    verification: {
      ...verificationScheme.parse(row.verification),
      hasSecret: row.secretCiphertext !== null,
    },
    idempotency: idempotencyRule.parse(row.idempotency),
    eventType: eventTypeRule.parse(row.eventType),
    subject: row.subject === null ? null : subjectRule.parse(row.subject),
    required: row.requiredPaths,
    timestamps: row.timestampPaths,
    batch: row.batch,
    maxBodyBytes: row.maxBodyBytes,
    maxBatchItems: row.maxBatchItems,
    rateLimit: row.rateLimit === null ? null : rateLimitRule.parse(row.rateLimit),
    enrichment: row.enrichment === null ? null : enrichmentRule.parse(row.enrichment),
    tracking: row.tracking === null ? null : maskPollHeaders(trackingRule.parse(row.tracking)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
