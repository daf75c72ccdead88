// Engine crashes (Rust panics, which trap in wasm) as readable errors instead of dead processes.
import { MigrationEngineError } from "./migration-engine-error";

type PanicRegistry = { set_message(message: string): void };

const panicMessages: string[] = [];
const crashListeners = new Set<(error: MigrationEngineError) => void>();
// A trap can leave the instance's memory inconsistent: refuse to reuse it rather than corrupt data.
let crash: MigrationEngineError | undefined;

/** The crash that disabled the engine in this process, if any. */
export function engineCrash(): MigrationEngineError | undefined {
  return crash;
}

/** The engine reports panic messages through this global, just before it traps. */
export function installPanicRegistry(): void {
  const scope = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  const previous = scope.PRISMA_WASM_PANIC_REGISTRY;
  // Chain, don't replace: Prisma Client's query compiler may use the same global.
  scope.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      panicMessages.push(message);
      previous?.set_message(message);
    },
  };
}

/** Records a trap and fails every pending engine call with it. */
export function reportTrap(error: unknown): MigrationEngineError {
  crash ??= new MigrationEngineError(
    `The Prisma schema engine crashed (${panicMessages.at(-1) ?? String(error)}); restart the process to use it again`,
    { panic: true, cause: error },
  );
  for (const listener of crashListeners) listener(crash);
  return crash;
}

/** Wraps a callback the engine schedules itself (microtask, promise reaction), where a trap would be uncaught. */
export function guard<A extends unknown[], R>(callback: (...args: A) => R) {
  return (...args: A): R | undefined => {
    try {
      return callback(...args);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      reportTrap(error);
      return undefined;
    }
  };
}

/** Settles `work`, or rejects as soon as the engine traps anywhere, naming the panic. */
export async function failOnCrash<T>(what: string, work: () => Promise<T>): Promise<T> {
  if (crash) throw crash;
  const before = panicMessages.length;
  let listener: ((error: MigrationEngineError) => void) | undefined;
  const crashed = new Promise<never>((_, reject) => {
    listener = reject;
    crashListeners.add(reject);
  });
  try {
    return await Promise.race([work(), crashed]);
  } catch (error) {
    const trap = error instanceof WebAssembly.RuntimeError ? reportTrap(error) : crash;
    if (!trap) throw error;
    const panic = panicMessages.slice(before).join("\n") || String(trap.cause);
    throw new MigrationEngineError(
      `The Prisma schema engine crashed during ${what}: ${panic}. Restart the process to use it again.`,
      { panic: true, cause: trap.cause },
    );
  } finally {
    if (listener) crashListeners.delete(listener);
  }
}
