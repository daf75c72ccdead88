// bench:delivery's tables: every phase beside the same-run bare loop, then issue 14's targets.
import type { BareLoopResult } from "./bare-delivery-baseline";
import type { FairnessResult } from "./delivery-fairness";
import type { PhaseFigures } from "./delivery-tally";

export interface PhaseRow {
  name: string;
  endpoints: number;
  figures: PhaseFigures;
}

const ms = (value: number | null) => (value === null ? "-" : String(Math.round(value)));

export function printPhases(bare: BareLoopResult, rows: PhaseRow[]): void {
  console.log(
    "| phase | endpoints | events accepted | deliveries received / expected | duplicates | bad signatures | deliveries/s | drain s | p50 ms | p99 ms | max ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  console.log(
    `| bare durable delivery loop (baseline) | 1 | - | ${bare.received} / ${bare.deliveries} | ` +
      `${bare.received - bare.deliveries} | ${bare.badSignatures} | ${bare.perSecond.toFixed(0)} | ` +
      `${bare.seconds.toFixed(1)} | - | - | - |`,
  );
  for (const { name, endpoints, figures: f } of rows) {
    const drain = f.drainSeconds === null ? "timed out" : f.drainSeconds.toFixed(1);
    console.log(
      `| ${name} | ${endpoints} | ${f.accepted} | ${f.delivered} / ${f.expected} | ${f.duplicates} | ` +
        `${f.badSignatures} | ${f.perSecond.toFixed(0)} | ${drain} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} |`,
    );
  }
}

export function printFairness(result: FairnessResult): void {
  const { fast } = result;
  console.log(
    `\nFairness: ${result.slowAccepted} slow events accepted in ${result.slowAcceptSeconds.toFixed(1)} s ` +
      `(${result.slowRejected} rejected) and processed (their deliveries queued), then ${result.fastEvents} fast events one every 250 ms: ` +
      `${fast.delivered} of ${fast.expected} fast deliveries came, p50 ${ms(fast.p50)} ms, max ${ms(fast.max)} ms; ` +
      `${result.slowDuringFast} slow deliveries arrived meanwhile (${result.windowSeconds.toFixed(1)} s).`,
  );
}

/** Issue 14's targets, each with the figure measured in this run. */
export function printTargets(
  bare: BareLoopResult,
  burst: PhaseFigures,
  steady: PhaseFigures,
  fairness: FairnessResult | null,
): void {
  const missing = (f: PhaseFigures) =>
    f.delivered < f.expected ? ` (${f.expected - f.delivered} not delivered)` : "";
  const verdict = (met: boolean, f?: PhaseFigures) =>
    met && (!f || f.delivered >= f.expected) ? "met" : `not met${f ? missing(f) : ""}`;
  const ratio = bare.perSecond > 0 ? burst.perSecond / bare.perSecond : 0;
  const rows: [string, string, string, string][] = [
    [
      "burst deliveries/s / bare loop",
      `${(ratio * 100).toFixed(0)}% (${burst.perSecond.toFixed(0)} / ${bare.perSecond.toFixed(0)})`,
      ">= 35%",
      verdict(ratio >= 0.35, burst),
    ],
    [
      "steady p50, one endpoint",
      `${ms(steady.p50)} ms`,
      "< 50 ms",
      verdict((steady.p50 ?? Infinity) < 50, steady),
    ],
    [
      "steady p99, one endpoint",
      `${ms(steady.p99)} ms`,
      "< 250 ms",
      verdict((steady.p99 ?? Infinity) < 250, steady),
    ],
    fairness
      ? [
          "fairness: fast deliveries' max",
          `${ms(fairness.fast.max)} ms`,
          "< 500 ms",
          verdict((fairness.fast.max ?? Infinity) < 500, fairness.fast),
        ]
      : ["fairness: fast deliveries' max", "-", "< 500 ms", "skipped (BENCH_FAIRNESS=0)"],
  ];
  console.log("\n| target (issue 14) | measured | target | |");
  console.log("|---|---:|---:|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}
