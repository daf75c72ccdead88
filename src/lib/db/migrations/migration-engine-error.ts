/** The migration engine refused (`code` like "P3018" when it gave one) or crashed (`panic`). */
export class MigrationEngineError extends Error {
  readonly panic: boolean;
  readonly code: string | undefined;

  constructor(message: string, options: { panic?: boolean; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MigrationEngineError";
    this.panic = options.panic ?? false;
    this.code = options.code;
  }
}
