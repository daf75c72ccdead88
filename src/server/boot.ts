import { join } from "node:path";
import { createSetupLink, ensureAdmin, hasAdmin } from "@/domain/access/first-admin";
import { everyTenant } from "@/domain/access/scope";
import { disconnectDb } from "@/domain/db";
import { sealPlainEndpointHeaders } from "@/domain/sealed-headers";
import { assertStoredSecretsOpen } from "@/domain/secrets";
import { sendSample } from "@/domain/sources/send-sample";
import { stopSubjectWaits } from "@/domain/subjects/subject-waits";
import { seedDemoTenant } from "@/domain/tenants/demo";
import { handOffEvents, handOffWebhooksInline } from "@/jobs/hand-off";
import { usesInngestDevServer } from "@/jobs/runner-mode";
import { startDatabase } from "@/lib/db/database";
import { applyMigrations } from "@/lib/db/migrations";
import { log, setLogLevel } from "@/lib/log";
import { type Env, runnerMode } from "./env";
import { startHttpServer } from "./http/server";
import { type LocalSecrets, loadLocalSecrets } from "./local-secrets";
import { startRunnerThread } from "./runner-supervisor";
import { startTelemetry } from "./telemetry";

/**
 * How the first person gets in: ADMIN_EMAIL + ADMIN_PASSWORD make (or reset) that admin;
 * without them and without any admin, a one-time set-up link (valid 1 h) is printed.
 */
async function prepareSignIn(env: Env, url: string): Promise<string> {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const { created } = await ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    log.info(
      `${created ? "Created" : "Reset"} the platform admin ${env.ADMIN_EMAIL} (ADMIN_EMAIL)`,
    );
    return `${url}/login as ${env.ADMIN_EMAIL} with ADMIN_PASSWORD`;
  }
  if (await hasAdmin()) return `${url}/login`;
  const setup = await createSetupLink(url);
  return `no admin yet: open ${setup.url} within the hour to create one (or set ADMIN_EMAIL and ADMIN_PASSWORD)`;
}

async function sendFirstSample(sourceId: string) {
  try {
    const { acceptedIds } = await sendSample(everyTenant, sourceId);
    await handOffEvents(acceptedIds);
  } catch (error) {
    log.warn(`The demo's first sample was not sent: ${(error as Error).message}`);
  }
}

/** The admin key is printed once, when it was just generated; later starts say where it is. */
function adminKeyShown(env: Env, secrets: LocalSecrets, file: string): string {
  if (env.ADMIN_API_KEY) return "<ADMIN_API_KEY>";
  return secrets.created ? secrets.adminApiKey : `<the adminApiKey kept in ${file}>`;
}

export interface RunningApp {
  url: string;
  /** Bounded: the runner thread gets STOP_TIMEOUT_MS to finish its calls, then it is ended. */
  stop(): Promise<void>;
}

/** Switchyard's start-up, in order: database, migrations, keys, first-run demo, HTTP. */
export async function boot(
  env: Env,
  opts: {
    dev?: boolean;
    /** false: API and webhooks only, no console (tests) */
    withNext?: boolean;
    /**
     * Seed the demo tenant on a database with none. By default only on the embedded database:
     * a configured DATABASE_URL is somebody's real installation, not a newcomer's first look.
     */
    demo?: boolean;
  } = {},
): Promise<RunningApp> {
  setLogLevel(env.LOG_LEVEL);
  const telemetry = await startTelemetry(env, log.warn);
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    log.info(`Exporting traces to ${env.OTEL_EXPORTER_OTLP_ENDPOINT} (OTLP/HTTP)`);
  }
  const database = await startDatabase({
    url: env.DATABASE_URL,
    dataDir: join(env.SWITCHYARD_DATA_DIR, "postgres"),
    log: log.info,
  });
  // Route handlers read the database from the environment, like everything else.
  process.env.DATABASE_URL = database.url;
  const { applied } = await applyMigrations(database.url, { log: log.info });
  log.info(
    applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date",
  );

  const secretsFile = join(env.SWITCHYARD_DATA_DIR, "secrets.json");
  const secrets = loadLocalSecrets(secretsFile);
  if (!env.APP_ENCRYPTION_KEY) {
    process.env.APP_ENCRYPTION_KEY = secrets.encryptionKey;
    log.warn(
      `APP_ENCRYPTION_KEY is not set: secrets are sealed with the key kept in ${secretsFile}`,
    );
  }
  process.env.ADMIN_API_KEY = env.ADMIN_API_KEY ?? secrets.adminApiKey;
  await assertStoredSecretsOpen().catch(async (error: unknown) => {
    await disconnectDb();
    await database.stop();
    throw error;
  });
  const sealedEndpoints = await sealPlainEndpointHeaders();
  if (sealedEndpoints > 0) log.info(`Sealed the custom headers of ${sealedEndpoints} endpoint(s)`);

  const url = env.APP_URL?.replace(/\/$/, "") ?? `http://localhost:${env.PORT}`;
  const signIn = await prepareSignIn(env, url);
  const demo =
    (opts.demo ?? database.embedded) ? await seedDemoTenant(url) : { seeded: false as const };
  if (demo.seeded) {
    log.info('First start: created the demo tenant "demo" with a source and an endpoint');
  }

  const mode = runnerMode(env);
  if (usesInngestDevServer(env) && env.NODE_ENV === "production") {
    log.warn("INNGEST_DEV is set: /api/inngest runs functions for any caller, unsigned");
  }
  const runner = mode === "embedded" ? await startRunnerThread() : null;
  if (mode === "embedded") handOffWebhooksInline();
  const server = await startHttpServer({
    port: env.PORT,
    dev: opts.dev ?? false,
    withNext: opts.withNext,
    runner: {
      mode,
      alive: () => runner?.alive() ?? false,
      metrics: async () => runner?.metrics(),
    },
  });
  // The newcomer's first minute: a signed sample flows through to a delivery on its own.
  if (demo.seeded) await sendFirstSample(demo.sourceId);
  console.log(
    [
      "",
      `  Switchyard is running at ${url}`,
      `  Database:   ${database.embedded ? `embedded PostgreSQL, data in ${database.location}` : database.location}`,
      `  Job runner: ${mode}${usesInngestDevServer(env) ? " (Inngest Dev Server)" : ""}`,
      `  Admin API:  Authorization: Bearer ${adminKeyShown(env, secrets, secretsFile)}`,
      `  Sign in:    ${signIn}`,
      "",
    ].join("\n"),
  );

  return {
    url,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runner?.stop();
      await telemetry.stop();
      await stopSubjectWaits();
      await disconnectDb();
      await database.stop();
    },
  };
}
