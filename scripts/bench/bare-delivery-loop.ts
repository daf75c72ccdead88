// The yardstick for bench:delivery, run as a process of its own (as the server is): the least
// a durable webhook sender does per delivery, with pg and nothing else. WORKERS loops each
// claim one pending row (SKIP LOCKED, marked in flight), sign it (Standard Webhooks), POST it,
// and record the attempt and the outcome in one transaction. Prints its figures as JSON.
// Env: DATABASE_URL, RECEIVER_URL, WEBHOOK_SECRET, DELIVERIES.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Webhook } from "standardwebhooks";

const WORKERS = 10;
const DELIVERIES = Number(process.env.DELIVERIES);
const RECEIVER_URL = String(process.env.RECEIVER_URL);
const webhook = new Webhook(String(process.env.WEBHOOK_SECRET));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: WORKERS });

await pool.query(`
  CREATE TABLE "BenchDelivery" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "messageId" text NOT NULL,
    body text NOT NULL, status text NOT NULL DEFAULT 'pending',
    "attemptCount" int NOT NULL DEFAULT 0, "updatedAt" timestamptz NOT NULL DEFAULT now());
  CREATE INDEX ON "BenchDelivery" (id) WHERE status = 'pending';
  CREATE TABLE "BenchDeliveryAttempt" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "deliveryId" bigint NOT NULL REFERENCES "BenchDelivery", "responseStatus" int, error text,
    "startedAt" timestamptz NOT NULL, "durationMs" int NOT NULL)`);
// The body Switchyard would send for the burst's events: {type, timestamp, data}.
await pool.query(
  `INSERT INTO "BenchDelivery" ("messageId", body)
   SELECT $2 || g, json_build_object('type', 'order.created', 'timestamp', now(), 'data',
     json_build_object('type', 'order.created', 'benchId', 'bare-' || g, 'order',
       json_build_object('total', 4200)))::text
   FROM generate_series(1, $1::int) g`,
  [DELIVERIES, `msg_${randomUUID()}_`],
);

const CLAIM = `
  UPDATE "BenchDelivery" SET status = 'in_flight', "attemptCount" = "attemptCount" + 1,
    "updatedAt" = now()
  WHERE id = (SELECT id FROM "BenchDelivery" WHERE status = 'pending' ORDER BY id LIMIT 1
    FOR UPDATE SKIP LOCKED)
  RETURNING id, "messageId", body`;
// One statement is one transaction: the attempt and the delivery's outcome commit together.
const RECORD = `
  WITH attempt AS (
    INSERT INTO "BenchDeliveryAttempt" ("deliveryId", "responseStatus", error, "startedAt", "durationMs")
    VALUES ($1, $2, $3, $4, $5) RETURNING "deliveryId")
  UPDATE "BenchDelivery" SET status = $6, "updatedAt" = now()
  WHERE id = (SELECT "deliveryId" FROM attempt)`;

let succeeded = 0;
async function worker(): Promise<void> {
  for (;;) {
    const claimed = await pool.query<{ id: string; messageId: string; body: string }>(CLAIM);
    const delivery = claimed.rows[0];
    if (!delivery) return;
    const startedAt = new Date();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(RECEIVER_URL, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": delivery.messageId,
          "webhook-timestamp": String(Math.floor(startedAt.getTime() / 1000)),
          "webhook-signature": webhook.sign(delivery.messageId, startedAt, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.text();
      status = response.status;
    } catch (e) {
      error = (e as Error).message;
    }
    // No retry schedule here: the receiver always answers 200.
    const ok = status !== null && status >= 200 && status < 300;
    if (ok) succeeded++;
    await pool.query(RECORD, [
      delivery.id,
      status,
      error,
      startedAt,
      Date.now() - startedAt.getTime(),
      ok ? "succeeded" : "failed",
    ]);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: WORKERS }, worker));
const seconds = (performance.now() - started) / 1000;
await pool.query(`DROP TABLE "BenchDeliveryAttempt", "BenchDelivery"`);
await pool.end();
console.log(JSON.stringify({ deliveries: DELIVERIES, succeeded, seconds }));
