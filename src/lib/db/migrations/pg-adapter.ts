// The driver adapter the schema engine talks through: adapter-pg, with two of its habits fixed.
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { readOnlyUrl } from "./database-url";

const CHAR_OID = 18; // PostgreSQL's internal one-byte `"char"` type, used all over pg_catalog.
const TEXT_OID = 25;

/** Columns of type `"char"` in a result, remembered by rows array until queryRaw relabels them. */
const charColumns = new WeakMap<unknown[], number[]>();

/** adapter-pg rejects OID 18 outright; let it through as text and remember where it was. */
function acceptCharColumns(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (config: unknown) => Promise<pg.QueryResult>;
  const patched = async (config: unknown) => {
    const result = await query(config);
    const positions: number[] = [];
    result.fields?.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        positions.push(i);
      }
    });
    if (positions.length > 0) charColumns.set(result.rows, positions);
    return result;
  };
  pool.query = patched as typeof pool.query;
}

/** The engine needs `"char"` as Character: as Text it crashes on CHECK constraints (PG 15, PG 18). */
function relabelCharColumns(result: SqlResultSet): SqlResultSet {
  const positions = charColumns.get(result.rows);
  if (!positions) return result;
  const columnTypes = [...result.columnTypes];
  for (const i of positions) columnTypes[i] = ColumnTypeEnum.Character;
  return { ...result, columnTypes };
}

/** A pg error as the engine understands it (it prints code, message, detail). */
export function toDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code ?? "",
    severity: error.severity ?? "ERROR",
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

export type ConnectOptions = {
  /** Runs after the pool has ended (a shadow database is dropped only then). */
  onDispose?: () => Promise<void>;
  /** Reads only: every transaction read-only, and scripts, writes and transactions refused. */
  readOnly?: boolean;
};

/** One pool, one adapter. */
export async function connectAdapter(
  connectionString: string,
  { onDispose = async () => {}, readOnly = false }: ConnectOptions = {},
): Promise<SqlDriverAdapter> {
  const url = readOnly ? readOnlyUrl(connectionString) : connectionString;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client losing its server (e.g. a dropped shadow database) must not crash the process.
  pool.on("error", () => {});
  acceptCharColumns(pool);
  const inner = await new PrismaPg(pool).connect();
  let disposed = false;
  const refuse = async (): Promise<never> => {
    throw new Error("Refused: this operation may only read this database");
  };
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: inner.adapterName,
    queryRaw: async (query: SqlQuery) => relabelCharColumns(await inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => inner.executeRaw(query),
    startTransaction: (isolationLevel?: IsolationLevel): Promise<Transaction> =>
      inner.startTransaction(isolationLevel),
    getConnectionInfo: () => inner.getConnectionInfo(),
    // adapter-pg splits scripts on every ';' and runs the pieces one by one (breaks DO blocks,
    // leaves half a migration behind); one simple query runs it whole, in one implicit transaction.
    executeScript: async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        throw toDriverAdapterError(error);
      }
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await inner.dispose();
      await pool.end();
      await onDispose();
    },
  };
  if (!readOnly) return adapter;
  return { ...adapter, executeRaw: refuse, executeScript: refuse, startTransaction: refuse };
}
