// The yardstick for bench:ingest: the least a webhook endpoint can do (node:http, read the
// body, one INSERT through a pg pool, answer 202).
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(
  "CREATE TABLE IF NOT EXISTS baseline_webhooks (id text PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())",
);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    pool
      .query("INSERT INTO baseline_webhooks (id, body) VALUES ($1, $2)", [
        randomUUID(),
        Buffer.concat(chunks).toString(),
      ])
      .then(() => {
        res.writeHead(202, { "content-type": "application/json" });
        res.end('{"accepted":1}');
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
}).listen(Number(process.env.PORT), () => console.log("ready"));
