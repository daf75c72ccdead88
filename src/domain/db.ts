import { createDb, type Db } from "@/lib/db/client";

// One client per process. Created on first use, because the start-up sequence decides the
// database (DATABASE_URL or the embedded server) before anything queries it.
const holder = globalThis as unknown as { switchyardDb?: Db };

function current(): Db {
  if (!holder.switchyardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the database was not started");
    holder.switchyardDb = createDb(url);
  }
  return holder.switchyardDb;
}

/** The domain's database client. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = current();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await holder.switchyardDb?.$disconnect();
  holder.switchyardDb = undefined;
}
