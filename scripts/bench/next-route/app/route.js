// bench:ingest's Next.js route handler: the same work as ../../baseline-server.ts.
import { randomUUID } from "node:crypto";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

export const dynamic = "force-dynamic";

export async function POST(request) {
  const body = await request.text();
  await pool.query("INSERT INTO baseline_webhooks (id, body) VALUES ($1, $2)", [
    randomUUID(),
    body,
  ]);
  return new Response('{"accepted":1}', {
    status: 202,
    headers: { "content-type": "application/json" },
  });
}
