import type { z } from "zod";
import { actingTenant, inScope, type Scope, tenantFilter } from "@/domain/access/scope";
import { audited } from "@/domain/audit/audit-log";
import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { maskHeaders, sealHeaders } from "@/domain/sealed-headers";
import { openPreviousSecret, openSecret, rotatedSecret, sealSecret } from "@/domain/secrets";
import { rateLimitRule } from "@/domain/sources/schemas";
import { getTenant } from "@/domain/tenants/tenants";
import { type Endpoint as EndpointRow, Prisma } from "@/generated/prisma/client";
import { generateWebhookSecret } from "@/lib/crypto/webhook-secret";
import { newId } from "@/lib/ids";
import {
  type CreateEndpointInput,
  createEndpointInput,
  payloadFilter,
  type UpdateEndpointInput,
  updateEndpointInput,
} from "./schemas";

/** Creates an endpoint; the whsec_ secret is in this response and no other but its own. */
export async function createEndpoint(
  scope: Scope,
  input: Omit<CreateEndpointInput, "tenantId"> & { tenantId?: string },
) {
  const tenantId = actingTenant(scope, input.tenantId);
  const data = createEndpointInput.parse({ ...input, tenantId });
  await getTenant(scope, tenantId);
  const secret = generateWebhookSecret();
  const id = newId("endpoint");
  const [row] = await db.$transaction([
    db.endpoint.create({
      data: {
        id,
        ...columns(data, {}),
        tenantId,
        url: data.url,
        secretCiphertext: sealSecret(secret),
      },
    }),
    audited(scope, {
      action: "endpoint.created",
      target: { type: "endpoint", id },
      tenantId,
      details: { url: data.url, eventTypes: data.eventTypes },
    }),
  ]);
  // Like the secret, the headers as given are in this answer only; reads show them masked.
  return { ...toEndpoint(row), headers: data.headers, secret };
}

export async function updateEndpoint(scope: Scope, id: string, input: UpdateEndpointInput) {
  const data = updateEndpointInput.parse(input);
  const { tenantId, enabled, headers } = await getEndpointRow(scope, id);
  const action =
    data.enabled === false
      ? "endpoint.disabled"
      : data.enabled
        ? "endpoint.enabled"
        : "endpoint.updated";
  const [row] = await db.$transaction([
    db.endpoint.update({
      where: { id },
      // Re-enabling clears the reason it was disabled and the failure streak; disabling by
      // hand says who did it.
      data: {
        ...columns(data, headers as Record<string, string>),
        ...(data.enabled ? { disabledReason: null, failingSince: null } : {}),
        ...(data.enabled === false && enabled
          ? { disabledReason: `Disabled by ${scope.actor.label}` }
          : {}),
      },
    }),
    audited(scope, {
      action,
      target: { type: "endpoint", id },
      tenantId,
      details: { fields: Object.keys(input) },
    }),
  ]);
  return toEndpoint(row);
}

/** Disables an endpoint and says why (shown in the console; 410 Gone, failing for days ...). */
export async function disableEndpoint(scope: Scope, id: string, reason: string) {
  const { tenantId } = await getEndpointRow(scope, id);
  const [row] = await db.$transaction([
    db.endpoint.update({ where: { id }, data: { enabled: false, disabledReason: reason } }),
    audited(scope, {
      action: "endpoint.disabled",
      target: { type: "endpoint", id },
      tenantId,
      details: { reason },
    }),
  ]);
  return toEndpoint(row);
}

export async function deleteEndpoint(scope: Scope, id: string): Promise<void> {
  const { tenantId } = await getEndpointRow(scope, id);
  await db.$transaction([
    db.endpoint.delete({ where: { id } }),
    audited(scope, { action: "endpoint.deleted", target: { type: "endpoint", id }, tenantId }),
  ]);
}

export async function getEndpoint(scope: Scope, id: string) {
  return toEndpoint(await getEndpointRow(scope, id));
}

export async function listEndpoints(scope: Scope, filter: { tenantId?: string } = {}) {
  const rows = await db.endpoint.findMany({
    where: { tenantId: tenantFilter(scope, filter.tenantId) },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toEndpoint);
}

export async function getEndpointSecret(scope: Scope, id: string) {
  return { secret: openSecret((await getEndpointRow(scope, id)).secretCiphertext) };
}

/** A new secret now; the old one keeps signing for 24 h so receivers can switch over. */
export async function rotateEndpointSecret(scope: Scope, id: string) {
  const row = await getEndpointRow(scope, id);
  const secret = generateWebhookSecret();
  const rotation = rotatedSecret(secret, row.secretCiphertext);
  const [updated] = await db.$transaction([
    db.endpoint.update({ where: { id }, data: rotation.columns }),
    audited(scope, {
      action: "endpoint.secret_rotated",
      target: { type: "endpoint", id },
      tenantId: row.tenantId,
      details: { previousValidUntil: rotation.previousValidUntil.toISOString() },
    }),
  ]);
  return { ...toEndpoint(updated), secret };
}

/** The secrets that sign a delivery now: the current one, and the previous during a rotation. */
export function signingSecrets(row: EndpointRow, now = new Date()): string[] {
  const previous = openPreviousSecret(row, now);
  return previous === null
    ? [openSecret(row.secretCiphertext)]
    : [openSecret(row.secretCiphertext), previous];
}

/** Another tenant's endpoint is "not found": a tenant key learns nothing of what it may not see. */
export async function getEndpointRow(scope: Scope, id: string): Promise<EndpointRow> {
  const row = await db.endpoint.findFirst({ where: { id, ...inScope(scope) } });
  if (!row) throw new DomainError("not_found", `No endpoint "${id}"`);
  return row;
}

/** Parsed input -> columns (only the fields present); `storedHeaders` are the sealed ones kept. */
function columns(
  data: Partial<z.output<typeof createEndpointInput>>,
  storedHeaders: Record<string, string>,
) {
  const json = (value: object | null | undefined) => (value === null ? Prisma.DbNull : value);
  return {
    ...(data.url !== undefined && { url: data.url }),
    ...(data.description !== undefined && { description: data.description }),
    ...(data.eventTypes !== undefined && { eventTypes: data.eventTypes }),
    ...(data.filter !== undefined && { filter: json(data.filter) }),
    ...(data.headers !== undefined && { headers: sealHeaders(data.headers, storedHeaders) }),
    ...(data.timeoutMs !== undefined && { timeoutMs: data.timeoutMs }),
    ...(data.retrySchedule !== undefined && { retrySchedule: data.retrySchedule }),
    ...(data.rateLimit !== undefined && { rateLimit: json(data.rateLimit) }),
    ...(data.enabled !== undefined && { enabled: data.enabled }),
  };
}

/** A row -> the API's shape: never a secret. */
export function toEndpoint(row: EndpointRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    filter: row.filter === null ? null : payloadFilter.parse(row.filter),
    headers: maskHeaders(row.headers as Record<string, string>),
    timeoutMs: row.timeoutMs,
    retrySchedule: row.retrySchedule,
    rateLimit: row.rateLimit === null ? null : rateLimitRule.parse(row.rateLimit),
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    rotatingUntil:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
