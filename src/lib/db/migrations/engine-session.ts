// One engine over one set of connections, always torn down: pools ended, shadow databases dropped.
import { readFile } from "node:fs/promises";
import type { SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { openAdapterSession, type SessionTargets } from "./adapter-factory";
import { closeEngine, engineCall, openEngine, type SchemaEngine } from "./wasm-engine";

/** No externally managed tables or enums: every table in the schema is ours. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Enough schema for the engine to pick its connector; applying migrations needs no models. */
export const MINIMAL_SCHEMA: [string, string][] = [
  ["schema.prisma", 'datasource db {\n  provider = "postgresql"\n}\n'],
];

/** The schema as the engine wants it: [path, text] pairs. */
export async function readSchemaFiles(schemaPath: string): Promise<[string, string][]> {
  return [[schemaPath, await readFile(schemaPath, "utf8")]];
}

/** Runs one engine method with readable errors: `run("apply", (e) => e.applyMigrations(...))`. */
export type RunEngine = <T>(what: string, call: (engine: SchemaEngine) => Promise<T>) => Promise<T>;

/** The engine logs JSON lines ({level, fields: {message}}); hand on the message and its level. */
export type EngineLog = (message: string, level: string) => void;

function parseEngineLine(line: string, log: EngineLog | undefined): void {
  if (!log) return;
  try {
    const { level, fields } = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (fields?.message) log(fields.message, level ?? "INFO");
  } catch {
    log(line, "INFO");
  }
}

export async function withEngine<T>(
  targets: SessionTargets & { schemaFiles?: [string, string][]; log?: EngineLog },
  work: (run: RunEngine) => Promise<T>,
): Promise<T> {
  const session = openAdapterSession(targets);
  let engine: SchemaEngine | undefined;
  try {
    const log = (line: string) => parseEngineLine(line, targets.log);
    const opened = await openEngine(
      session.adapter,
      targets.schemaFiles ?? MINIMAL_SCHEMA,
      log,
      session.explain,
    );
    engine = opened;
    return await work((what, call) => engineCall(what, () => call(opened), session.explain));
  } finally {
    closeEngine(engine);
    await session.close();
  }
}
