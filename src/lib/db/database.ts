import { resolve } from "node:path";
import { startEmbeddedPostgres } from "./embedded";

export interface Database {
  /** Connection URL of the application database. */
  url: string;
  /** True when Switchyard started the server itself (no DATABASE_URL). */
  embedded: boolean;
  /** Where the data lives, for the start-up banner. */
  location: string;
  stop(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise an embedded PostgreSQL with its data under `.data/`. */
export async function startDatabase(
  opts: { url?: string; dataDir?: string; log?: (line: string) => void } = {},
): Promise<Database> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) {
    return { url, embedded: false, location: redactPassword(url), stop: async () => {} };
  }
  const dataDir = resolve(opts.dataDir ?? ".data/postgres");
  const embedded = await startEmbeddedPostgres({ dataDir, database: "switchyard", log: opts.log });
  return { url: embedded.url, embedded: true, location: dataDir, stop: embedded.stop };
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
