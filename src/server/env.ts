import { resolve } from "node:path";
import { z } from "zod";
import {
  DEFAULT_AUTO_DISABLE_AFTER,
  DEFAULT_DELIVERY_TIMEOUT,
  DEFAULT_RETRY_SCHEDULE,
} from "@/domain/delivery/settings";
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
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  ADMIN_API_KEY: optional,
  APP_ENCRYPTION_KEY: optional,
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_BASE_URL: optional,
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
  /** Where the embedded database and locally generated keys live. */
  SWITCHYARD_DATA_DIR: z
    .string()
    .default(".data")
    .transform((dir) => resolve(dir)),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

/** Reads the environment; throws one readable message listing every bad setting. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

/** The runner mode follows PRODUCT.md: Inngest when its keys are set, else the embedded runner. */
export function runnerMode(env: Env): "inngest" | "embedded" {
  return env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY ? "inngest" : "embedded";
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= readEnv();
  return cached;
}
