// Loads Prisma's WASM schema engine once per process and runs its calls with readable errors.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { engineCrash, failOnCrash, guard, installPanicRegistry } from "./engine-crash";
import { MigrationEngineError } from "./migration-engine-error";

export type { SchemaEngine };

let loaded: Promise<void> | undefined;

/** The glue's imports, with the engine's scheduling made safe for callers' processes. */
function engineImports(): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    // The engine arms a 10 s timer it never clears; unref'd, it cannot keep a process alive.
    if (name.startsWith("__wbg_setTimeout_")) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms).unref();
    }
    // Its futures run in microtasks and promise callbacks, where a trap would be an uncaught
    // exception that kills the process: guard them and fail the pending call instead.
    if (name.startsWith("__wbg_queueMicrotask_")) {
      const schedule = (callback: () => void) => queueMicrotask(guard(callback));
      // One import reads `globalThis.queueMicrotask` for the engine to call, the other calls it.
      imports[name] = String(value).includes(".queueMicrotask;") ? () => schedule : schedule;
    }
    if (name.startsWith("__wbg_then_")) {
      imports[name] = (promise: Promise<unknown>, ...callbacks: ((v: unknown) => unknown)[]) =>
        promise.then(...callbacks.map(guard));
    }
  }
  return imports as WebAssembly.ModuleImports;
}

async function instantiate(): Promise<void> {
  installPanicRegistry();
  // The package root import fails on Node 20 (.wasm ESM); load the glue's own wasm beside it.
  const gluePath = createRequire(import.meta.url).resolve(
    "@prisma/schema-engine-wasm/schema_engine_bg",
  );
  const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, {
    "./schema_engine_bg.js": engineImports(),
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
}

/** Finds the JS error behind an engine message that only names it ("External error id#0"). */
export type ExplainError = (message: string) => unknown;

/** Opens an engine over `adapter` (a bound driver adapter factory); `schemaFiles` are [path, text]. */
export async function openEngine(
  adapter: object,
  schemaFiles: [string, string][],
  log: (line: string) => void,
  explain?: ExplainError,
): Promise<SchemaEngine> {
  const crash = engineCrash();
  if (crash) throw crash;
  loaded ??= instantiate();
  await loaded;
  const callback = (line: string) => log(line);
  return engineCall(
    "start",
    () => glue.SchemaEngine.new({ datamodels: schemaFiles }, callback, adapter),
    explain,
  );
}

/** Runs one engine call; refusals and crashes both become MigrationEngineErrors. */
export async function engineCall<T>(
  what: string,
  call: () => Promise<T>,
  explain: ExplainError = () => undefined,
): Promise<T> {
  try {
    return await failOnCrash(what, call);
  } catch (error) {
    if (error instanceof MigrationEngineError) throw error;
    const message = errorText(error);
    const behind = explain(message); // a JS error (e.g. from pg) the engine only saw by id
    const code = (error as { code?: unknown }).code;
    throw new MigrationEngineError(
      `${what} failed: ${(behind === undefined ? message : errorText(behind)).trim()}`,
      { code: typeof code === "string" ? code : undefined, cause: behind ?? error },
    );
  }
}

/** Engine errors arrive as Error objects or plain values; keep whatever is readable. */
function errorText(error: unknown): string {
  // The engine appends a Rust span trace ("   0: schema_engine_wasm::...") nobody can act on.
  if (error instanceof Error) return error.message.split(/\n\s+0: /)[0] ?? error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Frees the engine's wasm memory; after a crash nothing in the instance is safe to touch. */
export function closeEngine(engine: SchemaEngine | undefined): void {
  if (!engine || engineCrash()) return;
  try {
    engine.free();
  } catch {
    // Already freed: nothing more to release.
  }
}
