import type { z } from "zod";
import type { CreateSourceInput, sourceOut } from "@/domain/sources/schemas";
import {
  type VerificationPreset,
  verificationPresets,
} from "@/domain/sources/verification/presets";
import type { VerificationScheme } from "@/domain/sources/verification/schemes";
import {
  emptyTracking,
  type TrackingFormState,
  trackingFormOf,
  trackingOf,
} from "./tracking-state";

// The source form's state as the person types it (text for every field), and the API's input
// built from it. The server validates; its errors come back beside the fields.

export type SchemeName = VerificationScheme["scheme"];
export type SourceOut = z.output<typeof sourceOut>;

export interface SourceFormState {
  tenantId: string;
  name: string;
  slug: string;
  enabled: boolean;
  scheme: SchemeName;
  header: string;
  encoding: "hex" | "base64";
  prefix: string;
  secret: string;
  idempotencyFrom: "body" | "header" | "paths";
  idempotencyHeader: string;
  idempotencyPaths: string;
  eventTypeFrom: "fixed" | "path" | "header";
  eventTypeValue: string;
  subjectFrom: "none" | "path" | "header" | "url";
  subjectValue: string;
  required: string;
  timestamps: string;
  batch: boolean;
  maxBodyKiB: string;
  rateLimit: string;
  ratePeriod: string;
  enrichmentUrl: string;
  enrichmentTimeoutMs: string;
  tracking: TrackingFormState;
}

export const emptyForm: SourceFormState = {
  tenantId: "",
  name: "",
  slug: "",
  enabled: true,
  scheme: "shared_secret",
  header: "x-webhook-token",
  encoding: "hex",
  prefix: "",
  secret: "",
  idempotencyFrom: "body",
  idempotencyHeader: "webhook-id",
  idempotencyPaths: "",
  eventTypeFrom: "fixed",
  eventTypeValue: "webhook.received",
  subjectFrom: "none",
  subjectValue: "",
  required: "",
  timestamps: "",
  batch: false,
  maxBodyKiB: "1024",
  rateLimit: "",
  ratePeriod: "1s",
  enrichmentUrl: "",
  enrichmentTimeoutMs: "10000",
  tracking: emptyTracking,
};

/** The header each scheme reads by default (PRODUCT.md). */
export const defaultHeader: Partial<Record<SchemeName, string>> = {
  shared_secret: "x-webhook-token",
  hmac_sha256: "x-signature",
};

/** A scheme or a preset picked in the form: the fields it sets. */
export function pickVerification(
  choice: SchemeName | `preset:${VerificationPreset}`,
): Pick<SourceFormState, "scheme" | "header" | "encoding" | "prefix"> {
  if (choice.startsWith("preset:")) {
    const preset = verificationPresets[choice.slice("preset:".length) as VerificationPreset];
    return {
      scheme: preset.scheme,
      header: "header" in preset ? preset.header : "",
      encoding: "encoding" in preset ? preset.encoding : "hex",
      prefix: "prefix" in preset ? preset.prefix : "",
    };
  }
  const scheme = choice as SchemeName;
  return { scheme, header: defaultHeader[scheme] ?? "", encoding: "hex", prefix: "" };
}

/** Schemes whose providers sign with a `whsec_` (base64) secret. */
export const usesWhsec = (scheme: SchemeName) =>
  scheme === "standard_webhooks" || scheme === "stripe";

/** A new random secret in the form the scheme's providers use. */
export function generateSecret(scheme: SchemeName): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  if (usesWhsec(scheme)) return `whsec_${btoa(String.fromCharCode(...bytes))}`;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** "lead_id, updated_at" -> ["lead_id", "updated_at"] */
const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

export function verificationOf(state: SourceFormState) {
  const secret = state.secret.trim() || undefined;
  switch (state.scheme) {
    case "none":
      return { scheme: "none" as const };
    case "shared_secret":
      return { scheme: state.scheme, header: state.header, secret };
    case "hmac_sha256":
      return {
        scheme: state.scheme,
        header: state.header,
        encoding: state.encoding,
        prefix: state.prefix,
        secret,
      };
    default:
      return { scheme: state.scheme, secret };
  }
}

/** Every field but the verification, tenant and slug: what create and update share. */
export function fieldsOf(state: SourceFormState) {
  const kib = Number(state.maxBodyKiB);
  return {
    name: state.name,
    enabled: state.enabled,
    idempotency:
      state.idempotencyFrom === "header"
        ? { from: "header" as const, header: state.idempotencyHeader }
        : state.idempotencyFrom === "paths"
          ? { from: "paths" as const, paths: list(state.idempotencyPaths) }
          : { from: "body" as const },
    eventType:
      state.eventTypeFrom === "fixed"
        ? { fixed: state.eventTypeValue }
        : state.eventTypeFrom === "path"
          ? { from: "path" as const, path: state.eventTypeValue }
          : { from: "header" as const, header: state.eventTypeValue },
    subject:
      state.subjectFrom === "none"
        ? null
        : state.subjectFrom === "url"
          ? { from: "url" as const }
          : state.subjectFrom === "path"
            ? { from: "path" as const, path: state.subjectValue }
            : { from: "header" as const, header: state.subjectValue },
    required: list(state.required),
    timestamps: list(state.timestamps),
    batch: state.batch,
    maxBodyBytes: Number.isFinite(kib) ? Math.round(kib * 1024) : Number.NaN,
    rateLimit: state.rateLimit.trim()
      ? { limit: Number(state.rateLimit), period: state.ratePeriod }
      : null,
    enrichment: state.enrichmentUrl.trim()
      ? { url: state.enrichmentUrl.trim(), timeoutMs: Number(state.enrichmentTimeoutMs) }
      : null,
    tracking: trackingOf(state.tracking),
  } satisfies Partial<CreateSourceInput>;
}

/** The form filled with a source, to edit it (the secret stays empty: only a new one is sent). */
export function formOf(source: SourceOut): SourceFormState {
  const { verification: v, idempotency, eventType, subject } = source;
  return {
    ...emptyForm,
    tenantId: source.tenantId,
    name: source.name,
    slug: source.slug,
    enabled: source.enabled,
    scheme: v.scheme,
    header: "header" in v ? v.header : "",
    encoding: "encoding" in v ? v.encoding : "hex",
    prefix: "prefix" in v ? v.prefix : "",
    idempotencyFrom: idempotency.from,
    idempotencyHeader: idempotency.from === "header" ? idempotency.header : "webhook-id",
    idempotencyPaths: idempotency.from === "paths" ? idempotency.paths.join(", ") : "",
    eventTypeFrom: "fixed" in eventType ? "fixed" : eventType.from,
    eventTypeValue:
      "fixed" in eventType
        ? eventType.fixed
        : eventType.from === "path"
          ? eventType.path
          : eventType.header,
    subjectFrom: subject ? subject.from : "none",
    subjectValue:
      subject?.from === "path" ? subject.path : subject?.from === "header" ? subject.header : "",
    required: source.required.join(", "),
    timestamps: source.timestamps.join(", "),
    batch: source.batch,
    maxBodyKiB: String(source.maxBodyBytes / 1024),
    rateLimit: source.rateLimit ? String(source.rateLimit.limit) : "",
    ratePeriod: source.rateLimit?.period ?? "1s",
    enrichmentUrl: source.enrichment?.url ?? "",
    enrichmentTimeoutMs: String(source.enrichment?.timeoutMs ?? 10_000),
    tracking: trackingFormOf(source.tracking),
  };
}

/** Did the person change how requests are verified (so a new verification must be sent)? */
export function verificationChanged(before: SourceFormState, now: SourceFormState): boolean {
  if (now.secret.trim()) return true;
  if (before.scheme !== now.scheme) return true;
  return (
    (now.scheme === "shared_secret" || now.scheme === "hmac_sha256") &&
    (before.header !== now.header ||
      before.encoding !== now.encoding ||
      before.prefix !== now.prefix)
  );
}

/** "Acme CRM leads" -> "acme-crm-leads" */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}
