// The console benchmark's data, made with SQL in a few minutes: events spread over 30 days with a
// daily rhythm, two deliveries per event with their attempts, and the rollups those deliveries
// would have left (the Event trigger counts the events itself, as in production).
import type pg from "pg";
import { HISTOGRAM_BUCKETS } from "@/domain/stats/histogram";

export interface BenchTenant {
  id: string;
  sourceId: string;
  /** Three endpoints; the third of the first tenant fails often and is failing now. */
  endpointIds: [string, string, string];
}

const TYPES = [
  "order.created",
  "order.paid",
  "order.shipped",
  "order.cancelled",
  "invoice.issued",
  "invoice.paid",
  "shipment.moved",
  "customer.updated",
];
const CHUNK = 100_000;

/** Fills the database; `log` reports each step with its duration. */
export async function fillConsoleData(
  client: pg.Client,
  tenants: BenchTenant[],
  counts: { events: number },
  log: (line: string) => void,
) {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    log(
      `${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  };
  await client.query("SET synchronous_commit = off");
  await client.query("SET work_mem = '256MB'");
  await client.query(
    "CREATE TEMP TABLE bench_tenant (idx int, tenant_id text, source_id text, endpoints text[])",
  );
  for (const [idx, tenant] of tenants.entries()) {
    await client.query("INSERT INTO bench_tenant VALUES ($1, $2, $3, $4)", [
      idx,
      tenant.id,
      tenant.sourceId,
      tenant.endpointIds,
    ]);
  }
  const flaky = tenants[0]?.endpointIds[2];

  // Event g of n arrives at x = g/n of the way through the 30 days, moved by up to 3 h on a
  // daily wave: busy afternoons, quiet nights. Ids sort by time, like typeids.
  for (let first = 1; first <= counts.events; first += CHUNK) {
    const last = Math.min(first + CHUNK - 1, counts.events);
    await step(
      `events ${first}-${last}`,
      `INSERT INTO "Event" (id, "tenantId", "sourceId", type, origin, status, error,
         "idempotencyKey", payload, "receivedAt", "handedOffAt", "processedAt", "updatedAt")
       SELECT 'evt_b' || lpad(to_hex(g), 25, '0'), t.tenant_id,
              CASE WHEN g % 5 <> 0 THEN t.source_id END,
              ($4::text[])[1 + (g * 7919) % 8],
              (CASE WHEN g % 5 <> 0 THEN 'inbound' ELSE 'published' END)::"EventOrigin",
              (CASE WHEN (g * 31) % 200 = 0 THEN 'failed' ELSE 'completed' END)::"EventStatus",
              CASE WHEN (g * 31) % 200 = 0 THEN 'Enrichment failed: the provider answered 502' END,
              CASE WHEN g % 5 <> 0 THEN 'k' || g END,
              jsonb_build_object(
                'order', jsonb_build_object('id', 'ord_' || g, 'total', (g * 37) % 100000 / 100.0),
                'customer', jsonb_build_object('id', 'cus_' || g % 5000,
                                               'country', (ARRAY['DE','FR','GB','US','NL'])[1 + g % 5])),
              at, at + interval '3 ms', at + interval '25 ms', at + interval '25 ms'
       FROM generate_series($1::bigint, $2::bigint) AS g
       CROSS JOIN LATERAL (SELECT now() - make_interval(secs =>
         2592000 * (1 - g::float8 / $3) - 10800 * sin(60 * pi() * g::float8 / $3)) AS at) AS a
       JOIN bench_tenant t ON t.idx = CASE WHEN g % 10 < 6 THEN 0 WHEN g % 10 < 9 THEN 1 ELSE 2 END`,
      [first, last, counts.events, TYPES],
    );
  }

  // Two deliveries per event to two of its tenant's endpoints. r picks the outcome: 1% fail
  // (15% at the flaky endpoint) after 4 attempts (5 s, 5 min, 30 min apart), 5% succeed at the
  // second attempt, the rest at once; what would still be retrying now is pending.
  await step(
    "delivery plan",
    `CREATE TEMP TABLE bench_delivery AS
     WITH d AS (
       SELECT 'dlv_' || substr(e.id, 5) || k AS id, e.id AS event_id, e."tenantId" AS tenant_id,
              t.endpoints[1 + (abs(hashtext(e.id)) + k) % 3] AS endpoint_id,
              e."receivedAt" AS received_at, abs(hashtext(e.id || k)) % 10000 AS r,
              20 * exp((abs(hashtext(k || e.id)) % 1000) / 1000.0 * 3.5) AS base_ms
       FROM "Event" e JOIN bench_tenant t ON t.tenant_id = e."tenantId"
       CROSS JOIN generate_series(0, 1) AS k
     ), o AS (
       SELECT d.*, CASE
           WHEN r < CASE WHEN endpoint_id = $1 THEN 1500 ELSE 100 END THEN 4
           WHEN r % 20 = 0 THEN 2 ELSE 1 END AS planned
       FROM d
     ), s AS (
       SELECT o.*, CASE
           WHEN received_at + (ARRAY[interval '0', '5 s', '305 s', '2105 s'])[planned] > now()
             THEN 'pending'
           WHEN planned = 4 THEN 'failed' ELSE 'succeeded' END::"DeliveryStatus" AS status
       FROM o
     )
     SELECT s.*, a.attempts,
            received_at + (ARRAY[interval '0', '5 s', '305 s', '2105 s'])[a.attempts]
              + base_ms * interval '1 ms' AS last_at
     FROM s CROSS JOIN LATERAL
       (SELECT CASE WHEN status = 'pending' THEN 1 ELSE planned END AS attempts) AS a`,
    [flaky],
  );
  await step(
    "deliveries",
    `INSERT INTO "Delivery" (id, "tenantId", "eventId", "endpointId", status, "attemptCount",
       "nextAttemptAt", "lastAttemptAt", "createdAt", "updatedAt")
     SELECT id, tenant_id, event_id, endpoint_id, status, attempts,
            CASE WHEN status = 'pending' THEN now() + interval '5 min' END, last_at,
            received_at + interval '20 ms', last_at
     FROM bench_delivery`,
  );
  await step(
    "attempts",
    `INSERT INTO "DeliveryAttempt" (id, "deliveryId", "attemptNumber", trigger, "responseStatus",
       "responseBody", error, "errorKind", "durationMs", "startedAt")
     SELECT 'att_' || substr(d.id, 5) || n, d.id, n, 'schedule', CASE WHEN ok THEN 200 ELSE 503 END,
            CASE WHEN ok THEN '{"ok":true}' ELSE 'Service Unavailable' END,
            CASE WHEN ok THEN NULL ELSE 'The endpoint answered 503' END,
            CASE WHEN ok THEN NULL ELSE 'http_status' END,
            round(d.base_ms)::int,
            d.received_at + (ARRAY[interval '0', '5 s', '305 s', '2105 s'])[n]
     FROM bench_delivery d
     CROSS JOIN LATERAL generate_series(1, d.attempts) AS n
     CROSS JOIN LATERAL (SELECT d.status = 'succeeded' AND n = d.attempts AS ok) AS x`,
  );
  // What attempt.ts would have counted: each attempt when it ended, each delivery when it
  // ended, a success's latency from its event's receipt.
  const buckets = Array.from(
    { length: HISTOGRAM_BUCKETS },
    (_, i) => `count(*) FILTER (WHERE lb = ${i})`,
  ).join(", ");
  await step(
    "delivery rollups",
    `INSERT INTO "DeliveryRollup" (grain, "bucketStart", "tenantId", "endpointId", succeeded,
       failed, attempts, "attemptsFailed", latency)
     SELECT g.grain, date_bin(g.width, f.at, TIMESTAMPTZ 'epoch'), f.tenant_id, f.endpoint_id,
            sum(f.succeeded), sum(f.failed), sum(f.attempts), sum(f.attempts_failed),
            ARRAY[${buckets}]::int[]
     FROM (
       SELECT d.tenant_id, d.endpoint_id, a."startedAt" + a."durationMs" * interval '1 ms' AS at,
              0 AS succeeded, 0 AS failed, 1 AS attempts,
              (a."responseStatus" <> 200)::int AS attempts_failed, NULL::int AS lb
       FROM "DeliveryAttempt" a JOIN bench_delivery d ON d.id = a."deliveryId"
       UNION ALL
       SELECT tenant_id, endpoint_id, last_at, (status = 'succeeded')::int,
              (status = 'failed')::int, 0, 0,
              CASE WHEN status = 'succeeded'
                   THEN latency_bucket(extract(epoch FROM last_at - received_at) * 1000) END
       FROM bench_delivery WHERE status <> 'pending'
     ) AS f
     CROSS JOIN (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                        ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
     GROUP BY 1, 2, 3, 4
     ORDER BY 2, 1 -- in time order, as counters are made in production`,
  );
  await client.query(
    `UPDATE "Endpoint" SET "failingSince" = now() - interval '20 minutes' WHERE id = $1`,
    [flaky],
  );
  await step("vacuum analyze", "VACUUM ANALYZE");
}
