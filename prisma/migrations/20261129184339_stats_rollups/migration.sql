-- CreateEnum
CREATE TYPE "RollupGrain" AS ENUM ('minute', 'hour');

-- CreateTable
CREATE TABLE "EventRollup" (
    "grain" "RollupGrain" NOT NULL,
    "bucketStart" TIMESTAMPTZ(3) NOT NULL,
    "tenantId" TEXT NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EventRollup_pkey" PRIMARY KEY ("grain","bucketStart","tenantId")
);

-- CreateTable
CREATE TABLE "DeliveryRollup" (
    "grain" "RollupGrain" NOT NULL,
    "bucketStart" TIMESTAMPTZ(3) NOT NULL,
    "tenantId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "attemptsFailed" INTEGER NOT NULL DEFAULT 0,
    "latency" INTEGER[],

    CONSTRAINT "DeliveryRollup_pkey" PRIMARY KEY ("grain","bucketStart","tenantId","endpointId")
);

-- Latency histograms: 54 fixed log buckets, a factor of sqrt(2) apart. Bucket 0 holds up to
-- 1 ms, bucket i (2^((i-1)/2), 2^(i/2)] ms, bucket 53 everything above 2^26 ms (about 18.6 h).
-- src/domain/stats/histogram.ts reads them with the same bounds.
CREATE FUNCTION latency_bucket(ms double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT LEAST(53, GREATEST(0, ceil(2 * log(2, GREATEST(ms, 1)::numeric))))::integer
$$;

-- One latency as a histogram: 1 in its bucket (all zeros for NULL).
CREATE FUNCTION latency_histogram(ms double precision) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg((i IS NOT DISTINCT FROM latency_bucket(ms))::integer ORDER BY i)
  FROM generate_series(0, 53) AS i
$$;

CREATE FUNCTION histogram_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(COALESCE(x, 0) + COALESCE(y, 0) ORDER BY i)
  FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$;

-- Every statement that stores events counts them here, in its own transaction, whichever path
-- stored them (webhooks, publishing, replays, test sends): one upsert per statement, in key
-- order so that concurrent writers lock counters in the same order.
CREATE FUNCTION count_events_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "EventRollup" (grain, "bucketStart", "tenantId", events)
  SELECT g.grain, date_bin(g.width, e."receivedAt", TIMESTAMPTZ 'epoch'), e."tenantId", count(*)
  FROM stored e
  CROSS JOIN (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                     ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (grain, "bucketStart", "tenantId")
  DO UPDATE SET events = "EventRollup".events + EXCLUDED.events;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Event_count_in" AFTER INSERT ON "Event"
REFERENCING NEW TABLE AS stored
FOR EACH STATEMENT EXECUTE FUNCTION count_events_in();

-- What happened before this migration, counted once: events by receipt, attempts by their
-- end, finished deliveries by their last attempt.
INSERT INTO "EventRollup" (grain, "bucketStart", "tenantId", events)
SELECT g.grain, date_bin(g.width, e."receivedAt", TIMESTAMPTZ 'epoch'), e."tenantId", count(*)
FROM "Event" e
CROSS JOIN (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                   ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
GROUP BY 1, 2, 3;

INSERT INTO "DeliveryRollup" (grain, "bucketStart", "tenantId", "endpointId", succeeded, failed,
                              attempts, "attemptsFailed", latency)
WITH facts AS (
  SELECT g.grain, date_bin(g.width, f.at, TIMESTAMPTZ 'epoch') AS "bucketStart", f."tenantId",
         f."endpointId", f.succeeded, f.failed, f.attempts, f."attemptsFailed",
         latency_bucket(f."latencyMs") AS bucket
  FROM (
    SELECT d."tenantId", d."endpointId", a."startedAt" + a."durationMs" * interval '1 ms' AS at,
           0 AS succeeded, 0 AS failed, 1 AS attempts,
           (a."responseStatus" IS NULL OR a."responseStatus" NOT BETWEEN 200 AND 299)::int AS "attemptsFailed",
           NULL::double precision AS "latencyMs"
    FROM "DeliveryAttempt" a JOIN "Delivery" d ON d.id = a."deliveryId"
    UNION ALL
    SELECT d."tenantId", d."endpointId", COALESCE(d."lastAttemptAt", d."updatedAt"),
           (d.status = 'succeeded')::int, (d.status = 'failed')::int, 0, 0,
           CASE WHEN d.status = 'succeeded'
                THEN extract(epoch FROM COALESCE(d."lastAttemptAt", d."updatedAt") - e."receivedAt") * 1000
           END
    FROM "Delivery" d JOIN "Event" e ON e.id = d."eventId"
    WHERE d.status <> 'pending'
  ) AS f
  CROSS JOIN (VALUES ('minute'::"RollupGrain", interval '1 minute'),
                     ('hour'::"RollupGrain", interval '1 hour')) AS g(grain, width)
), totals AS (
  SELECT grain, "bucketStart", "tenantId", "endpointId", sum(succeeded)::int AS succeeded,
         sum(failed)::int AS failed, sum(attempts)::int AS attempts,
         sum("attemptsFailed")::int AS "attemptsFailed"
  FROM facts GROUP BY 1, 2, 3, 4
), counts AS (
  SELECT grain, "bucketStart", "tenantId", "endpointId", bucket, count(*)::int AS n
  FROM facts WHERE bucket IS NOT NULL GROUP BY 1, 2, 3, 4, 5
)
SELECT t.grain, t."bucketStart", t."tenantId", t."endpointId", t.succeeded, t.failed, t.attempts,
       t."attemptsFailed", array_agg(COALESCE(c.n, 0) ORDER BY i.i)
FROM totals t
CROSS JOIN generate_series(0, 53) AS i(i)
LEFT JOIN counts c ON (c.grain, c."bucketStart", c."tenantId", c."endpointId", c.bucket)
                    = (t.grain, t."bucketStart", t."tenantId", t."endpointId", i.i)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
