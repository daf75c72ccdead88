// Stopping: the embedded database is stopped right after the pools are ended, and a
// connection still open then gets the server's shutdown notice as an error (CI saw it logged).
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { connectionsClosed, createUtcPool } from "./pool";

describe("connectionsClosed", () => {
  it("resolves only once every connection of the ended pool is closed", async () => {
    const pool = createUtcPool(process.env.DATABASE_URL ?? "", 4);
    const clients: pg.Client[] = [];
    pool.on("connect", (client) => clients.push(client));
    await Promise.all(Array.from({ length: 4 }, () => pool.query("SELECT pg_sleep(0.05)")));
    const ended = new Set<pg.Client>();
    for (const client of clients) client.on("end", () => ended.add(client));

    const closed = connectionsClosed(pool);
    await pool.end();
    await closed;
    expect(clients).toHaveLength(4);
    expect(ended.size).toBe(4);
  });

  it("resolves at once for a pool that never connected", async () => {
    const pool = createUtcPool(process.env.DATABASE_URL ?? "", 4);
    const closed = connectionsClosed(pool);
    await pool.end();
    await expect(closed).resolves.toBeUndefined();
  });
});
