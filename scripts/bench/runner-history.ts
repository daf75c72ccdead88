// bench:runner's history: the finished runs (two steps each) and processed events of a
// database that has run for a while, one to six days old, written set-based in chunks.
import pg from "pg";

const CHUNK = 100_000;

// Run g of $3 was created at t(g), spread evenly from six days ago to one day ago; $1..$2 is
// the chunk. The same expression in each statement gives a run, its steps and its event one time.
const AT = `now() - interval '6 days' + (g::float8 / $3) * interval '5 days'`;
const RUN_ID = `'run_history_' || lpad(g::text, 14, '0')`;
const EVENT_ID = `'jev_history_' || lpad(g::text, 14, '0')`;
const ms = (n: number) => `${n} * interval '1 millisecond'`;

// $4: the function ids, $5: their events' names, taken in turn.
const RUNS = `
  INSERT INTO "JobRun" (id, "functionId", "eventId", event, status, "nextAt", stack, "maxAttempts",
    output, "startedAt", "endedAt", "createdAt", "updatedAt")
  SELECT ${RUN_ID}, ($4::text[])[f], ${EVENT_ID},
    jsonb_build_object('id', ${EVENT_ID}, 'name', ($5::text[])[f],
      'data', jsonb_build_object('batch', 'history', 'i', g), 'ts', 0),
    'completed'::"JobRunStatus", t, ARRAY[md5(g || ':s0'), md5(g || ':s1')], 4, '1'::jsonb,
    t + ${ms(5)}, t + ${ms(50)}, t, t + ${ms(50)}
  FROM generate_series($1::int, $2::int) g,
    LATERAL (SELECT ${AT} AS t, 1 + g % cardinality($4::text[]) AS f) x`;
const STEPS = `
  INSERT INTO "JobStep" (id, "runId", "hashedId", name, op, result, "startedAt", "endedAt", "durationMs")
  SELECT 'stp_history_' || lpad(g::text, 14, '0') || '_' || s, ${RUN_ID}, md5(g || ':s' || s),
    's' || s, 'StepRun', jsonb_build_object('data', s), t + ${ms(10)} + s * ${ms(20)},
    t + ${ms(11)} + s * ${ms(20)}, 1
  FROM generate_series($1::int, $2::int) g, generate_series(0, 1) s, LATERAL (SELECT ${AT} AS t) x`;
const EVENTS = `
  INSERT INTO "JobEvent" (id, name, data, ts, "receivedAt", "processedAt")
  SELECT ${EVENT_ID}, ($4::text[])[1 + g % cardinality($4::text[])],
    jsonb_build_object('batch', 'history', 'i', g), t - ${ms(2)}, t - ${ms(2)}, t
  FROM generate_series($1::int, $2::int) g, LATERAL (SELECT ${AT} AS t) x`;

export interface HistoryFill {
  fillSeconds: number;
  /** VACUUM (ANALYZE) afterwards: planner statistics and hint bits as autovacuum would leave them. */
  vacuumSeconds: number;
}

/** `runs` finished runs of the given functions (2 steps each) and as many processed events. */
export async function fillHistory(
  url: string,
  runs: number,
  functions: { id: string; event: string }[],
): Promise<HistoryFill> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const began = performance.now();
    const ids = functions.map((fn) => fn.id);
    const events = functions.map((fn) => fn.event);
    for (let from = 1; from <= runs; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, runs);
      await client.query("BEGIN");
      await client.query(RUNS, [from, to, runs, ids, events]);
      await client.query(STEPS, [from, to, runs]);
      await client.query(EVENTS, [from, to, runs, events]);
      await client.query("COMMIT");
    }
    const filled = performance.now();
    await client.query(`VACUUM (ANALYZE) "JobRun", "JobStep", "JobEvent"`);
    return {
      fillSeconds: (filled - began) / 1000,
      vacuumSeconds: (performance.now() - filled) / 1000,
    };
  } finally {
    await client.end();
  }
}
