// npm run bench:delivery — outbound delivery on the embedded runner (no Inngest keys), end to
// end: inbound webhook POST (fanned out by the statement that stores it) ->
// deliver-first-attempts -> signed POST to a local receiver, each figure beside a same-run
// baseline. First the bare durable delivery loop (pg, SKIP LOCKED, sign, POST, record:
// scripts/bench/bare-delivery-loop.ts) delivers as many messages as the burst will; then the
// server is started and measured in phases:
//   steady    BENCH_RATE events/s for BENCH_DURATION s to one endpoint: ingest-to-delivery latency;
//   burst     BENCH_EVENTS events as fast as accepted, to every endpoint: deliveries/s;
//   history   with BENCH_HISTORY=N (0: skipped), N finished runs written to the runner's tables,
//             then the burst again: its deliveries/s beside the fresh burst's;
//   fairness  BENCH_SLOW_EVENTS events queued for an endpoint answering after 1 s, then 20 events
//             for a fast endpoint, one every 250 ms: their latency (BENCH_FAIRNESS=0 skips it).
// Prints the phases, duplicates and bad signatures, and issue 14's targets, met or not.
// Needs `npm run build` (npm start builds when needed). Env: BENCH_RATE (20), BENCH_DURATION
// (s, 10), BENCH_EVENTS (1000), BENCH_ENDPOINTS (2), BENCH_SLOW_EVENTS (5000), BENCH_FAIRNESS
// (1), BENCH_TIMEOUT (s to wait for the last delivery of a phase, 120).

import type { ChildProcess } from "node:child_process";
import { disconnectDb } from "@/domain/db";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { openTempDir } from "../tests/support/temp-dir";
import { createTestDatabase } from "../tests/support/test-database";
import { measureBareDeliveryLoop } from "./bench/bare-delivery-baseline";
import { measureFairness } from "./bench/delivery-fairness";
import { printFairness, printPhases, printTargets } from "./bench/delivery-report";
import { EVENT_TYPES, SOURCE, setUpDeliveryBench } from "./bench/delivery-setup";
import { figures, newPhase, type Phase, strays, waitForDeliveries } from "./bench/delivery-tally";
import { fillHistory, type HistoryFill } from "./bench/runner-history";
import { postEvents, sendAsFastAsAccepted, sendAtRate } from "./bench/send-events";
import { answers, startServerProcess, stopServerProcess } from "./bench/server-process";

const RATE = Number(process.env.BENCH_RATE ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const BURST = Number(process.env.BENCH_EVENTS ?? 1000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 2);
const SLOW_EVENTS = Number(process.env.BENCH_SLOW_EVENTS ?? 5000);
const FAIRNESS = process.env.BENCH_FAIRNESS !== "0";
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT ?? 120) * 1000;
// BENCH_PROFILE=dir writes a CPU profile of every server thread there (open it in DevTools).
const PROFILE = process.env.BENCH_PROFILE
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
  : [];
/** BENCH_HISTORY=N: the burst again after N finished runs were written to the runner's tables. */
const HISTORY = Number(process.env.BENCH_HISTORY ?? 0);
/** The app's own functions, whose names the history's runs take in turn. */
const HISTORY_FUNCTIONS = [
  { id: "switchyard-process-events", event: "switchyard/events.received" },
  { id: "switchyard-deliver-first-attempts", event: "switchyard/delivery.requested" },
];
const BURST_CONNECTIONS = 50;
const PORT = 3311;
const WEBHOOKS_URL = `http://127.0.0.1:${PORT}/api/webhooks`;

const started = Date.now();
if (await answers(PORT))
  throw new Error(`port ${PORT} is taken: the bench would load another server`);
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY = generateEncryptionKey(); // the child inherits it: same secrets
process.env.ALLOW_PRIVATE_ENDPOINTS = "true"; // the receivers listen on 127.0.0.1
const bench = await setUpDeliveryBench({ fastEndpoints: ENDPOINTS, slow: FAIRNESS });
await disconnectDb();

let child: ChildProcess | undefined;
try {
  // Before the server starts, so that nothing else runs meanwhile.
  const bare = await measureBareDeliveryLoop(database.url, BURST * ENDPOINTS);

  // Empty Inngest keys: keys would select Inngest mode, and this measures the embedded runner.
  child = await startServerProcess("node", [...PROFILE, "scripts/start.mjs"], PORT, {
    SWITCHYARD_DATA_DIR: openTempDir("switchyard-bench-"),
    LOG_LEVEL: "warn",
    INNGEST_EVENT_KEY: "",
    INNGEST_SIGNING_KEY: "",
    INNGEST_DEV: "",
  });

  const steady = newPhase("steady", 1);
  await sendAtRate(RATE * DURATION_S, RATE, (i) =>
    postEvents(`${WEBHOOKS_URL}/${SOURCE}`, steady, EVENT_TYPES.steady, [i]),
  );
  await waitForDeliveries(steady, TIMEOUT_MS);

  const burst = newPhase("burst", ENDPOINTS);
  await sendAsFastAsAccepted(BURST, BURST_CONNECTIONS, (i) =>
    postEvents(`${WEBHOOKS_URL}/${SOURCE}`, burst, EVENT_TYPES.burst, [i]),
  );
  const burstAcceptMs = Date.now() - burst.start;
  await waitForDeliveries(burst, TIMEOUT_MS);

  // The same burst again once the runner's tables hold a long history (issue 14: within 15%).
  let history: { fill: HistoryFill; burst: Phase } | null = null;
  if (HISTORY > 0) {
    const fill = await fillHistory(database.url, HISTORY, HISTORY_FUNCTIONS);
    const again = newPhase("history", ENDPOINTS);
    await sendAsFastAsAccepted(BURST, BURST_CONNECTIONS, (i) =>
      postEvents(`${WEBHOOKS_URL}/${SOURCE}`, again, EVENT_TYPES.burst, [i]),
    );
    await waitForDeliveries(again, TIMEOUT_MS);
    history = { fill, burst: again };
  }

  const fairness = FAIRNESS ? await measureFairness(WEBHOOKS_URL, SLOW_EVENTS, TIMEOUT_MS) : null;

  console.log(
    `\nDelivery benchmark: embedded runner; steady ${RATE} events/s for ${DURATION_S} s to 1 endpoint; ` +
      `burst of ${BURST} events to ${ENDPOINTS} endpoints over ${BURST_CONNECTIONS} connections ` +
      `(accepted in ${(burstAcceptMs / 1000).toFixed(1)} s); bare loop over the burst's ` +
      `${BURST * ENDPOINTS} deliveries; wait limit ${TIMEOUT_MS / 1000} s per phase\n`,
  );
  printPhases(bare, [
    { name: `steady, ${RATE} events/s`, endpoints: 1, figures: figures(steady) },
    { name: `burst of ${BURST} events`, endpoints: ENDPOINTS, figures: figures(burst) },
    ...(history
      ? [
          {
            name: `burst again, ${HISTORY.toLocaleString("en")} finished runs in the tables`,
            endpoints: ENDPOINTS,
            figures: figures(history.burst),
          },
        ]
      : []),
    ...(fairness
      ? [
          { name: "fairness: fast endpoint", endpoints: 1, figures: fairness.fast },
          { name: "fairness: slow endpoint (not awaited)", endpoints: 1, figures: fairness.slow },
        ]
      : []),
  ]);
  console.log(
    "\ndeliveries/s and drain: first POST of the phase to the last delivery received (the bare loop: " +
      "first claim to last outcome recorded, rows inserted beforehand). Latency: inbound POST sent -> " +
      "signed outbound request received. Duplicates: requests beyond the first for one endpoint and " +
      `webhook-id. Requests that belonged to no phase: ${strays()}.`,
  );
  if (fairness) printFairness(fairness);
  if (history) {
    const [fresh, old] = [figures(burst).perSecond, figures(history.burst).perSecond];
    console.log(
      `\nHistory: ${HISTORY.toLocaleString("en")} finished runs (2 steps each) and as many processed events ` +
        `written in ${history.fill.fillSeconds.toFixed(1)} s (VACUUM ANALYZE ${history.fill.vacuumSeconds.toFixed(1)} s); ` +
        `burst with them / fresh: ${((old / fresh) * 100).toFixed(0)}% (${old.toFixed(0)} / ${fresh.toFixed(0)} deliveries/s; target >= 85%).`,
    );
  }
  printTargets(bare, figures(burst), figures(steady), fairness);
  console.log(`\nRun took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  // The slow endpoint's backlog is never waited for: the server stops with it queued.
  if (child) await stopServerProcess(child);
  await bench.stopReceivers();
  await database.drop();
}
process.exit(0);
