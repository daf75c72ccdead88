import { resolve } from "node:path";
import { z } from "zod";
import {
  DEFAULT_AUTO_DISABLE_AFTER,
  DEFAULT_DELIVERY_TIMEOUT,
  DEFAULT_RETRY_SCHEDULE,
} from "@/domain/delivery/settings";
import type { InngestSettings } from "@/jobs/runner-mode";
import { parseKeyring } from "@/lib/crypto/secret-box";
import { parseDuration, parseDurationList } from "@/lib/durations";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

/** A zod transform from a parser that throws, reporting its message as a validation issue. */
function parsedWith<T>(parse: (text: string) => T) {
  return (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  };
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Every setting Switchyard reads, named as in PRODUCT.md, validated once. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  ADMIN_API_KEY: optional,
  /** A bearer token that reads GET /metrics and nothing else (the admin key reads it too). */
  METRICS_TOKEN: optional.pipe(z.string().min(16, "at least 16 characters").optional()),
  /** Create (or reset) this platform admin at start. Both or neither. */
  ADMIN_EMAIL: optional.pipe(z.email().optional()),
  ADMIN_PASSWORD: optional.pipe(z.string().min(8, "at least 8 characters").optional()),
  /** The console's public URL (links in invitations and portal links; trusted origin). */
  APP_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Origins that may frame the tenant portal (CSP frame-ancestors), space separated. */
  PORTAL_FRAME_ANCESTORS: optional.refine(
    (value) => value === undefined || value.split(/\s+/).every((origin) => URL.canParse(origin)),
    "space-separated origins such as https://app.example.com",
  ),
  /** Comma-separated keys, newest first: the first seals new secrets, all open stored ones. */
  APP_ENCRYPTION_KEY: optional.refine((value) => value === undefined || parsesAsKeyring(value), {
    message: "32-byte keys (64 hex or 44 base64 characters), comma-separated, newest first",
  }),
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_BASE_URL: optional,
  /** The Inngest Dev Server: `1`/`true` (at its default address) or its URL; as the SDK reads it. */
  INNGEST_DEV: optional.refine(
    (value) => value === undefined || /^(1|0|true|false)$/i.test(value) || URL.canParse(value),
    "1, true, 0, false or the Dev Server's URL (http://host:port)",
  ),
  DELIVERY_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform(parsedWith(parseDurationList)),
  DELIVERY_TIMEOUT: z
    .string()
    .default(DEFAULT_DELIVERY_TIMEOUT)
    .transform(parsedWith(parseDuration)),
  ALLOW_PRIVATE_ENDPOINTS: flag,
  ENDPOINT_AUTO_DISABLE_AFTER: z
    .string()
    .default(DEFAULT_AUTO_DISABLE_AFTER)
    .transform(parsedWith(parseDuration)),
  /** How long the embedded runner keeps finished runs and processed events (24 h at least). */
  RUNNER_RETENTION: z.string().default("7d").transform(parsedWith(parseDuration)),
  /** Where the embedded database and locally generated keys live. */
  SWITCHYARD_DATA_DIR: z
    .string()
    .default(".data")
    .transform((dir) => resolve(dir)),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** json: one JSON object a line (pino); pretty: one readable line. Default: json in production. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Append the log to this file instead of stdout (read by src/lib/log.ts). */
  LOG_FILE: optional,
  /** Export traces over OTLP/HTTP to this collector (`/v1/traces` is appended); unset: none. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** The traces' service.name; default `switchyard`. */
  OTEL_SERVICE_NAME: optional,
});

export type Env = z.infer<typeof envSchema>;

/** Reads the environment; throws one readable message listing every bad setting. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  const unpaired = missingInngestKey(source);
  if (unpaired) problems.push(`  ${unpaired}`);
  if (Boolean(source.ADMIN_EMAIL) !== Boolean(source.ADMIN_PASSWORD)) {
    problems.push(
      `  ${source.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"}: missing (set both, or neither)`,
    );
  }
  if (!parsed.success || problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

/** Inngest needs both keys: one alone would send events it refuses, or accept unsigned calls. */
function missingInngestKey(settings: InngestSettings): string | undefined {
  const [eventKey, signingKey] = [settings.INNGEST_EVENT_KEY, settings.INNGEST_SIGNING_KEY];
  if (eventKey && !signingKey) return "INNGEST_SIGNING_KEY: missing (INNGEST_EVENT_KEY is set)";
  if (signingKey && !eventKey) return "INNGEST_EVENT_KEY: missing (INNGEST_SIGNING_KEY is set)";
  return undefined;
}

/** Who runs the jobs: Inngest when its keys or INNGEST_DEV are set, else the embedded runner. */
export { runnerMode } from "@/jobs/runner-mode";

let cached: Env | undefined;
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

function parsesAsKeyring(text: string): boolean {
  try {
    parseKeyring(text);
    return true;
  } catch {
    return false;
  }
}
