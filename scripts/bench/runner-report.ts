// bench:runner's tables: the fresh database's figures, or fresh and with history side by side.
import type { HistoryFill } from "./runner-history";

/** Issue 14: with history, each figure within 15% of fresh (better by any amount is fine). */
const TOLERANCE = 0.15;

export interface Figure {
  label: string;
  value: number;
  unit: string;
  higherIsBetter: boolean;
  detail?: string;
}

export function printFresh(figures: Figure[]) {
  const width = Math.max(...figures.map((f) => f.label.length));
  console.log(`${"measurement".padEnd(width)}  result`);
  console.log(`${"-".repeat(width)}  ${"-".repeat(40)}`);
  for (const f of figures) {
    const detail = f.detail ? `  (${f.detail})` : "";
    console.log(`${f.label.padEnd(width)}  ${f.value.toFixed(2)} ${f.unit}${detail}`);
  }
}

export function printSideBySide(
  fresh: Figure[],
  history: Figure[],
  runs: number,
  fill: HistoryFill,
) {
  console.log(
    `History: ${runs.toLocaleString("en")} finished runs (${(2 * runs).toLocaleString("en")} steps) and ` +
      `${runs.toLocaleString("en")} processed events written in ${fill.fillSeconds.toFixed(1)} s, ` +
      `then VACUUM (ANALYZE) in ${fill.vacuumSeconds.toFixed(1)} s\n`,
  );
  console.log(
    `| measurement | fresh | with ${runs.toLocaleString("en")} finished runs | with / fresh | at most ${TOLERANCE * 100}% worse |`,
  );
  console.log("|---|---:|---:|---:|---|");
  for (const [i, f] of fresh.entries()) {
    const h = history[i];
    if (!h) continue;
    const ratio = f.value !== 0 ? h.value / f.value : Number.NaN;
    const within = f.higherIsBetter ? ratio >= 1 - TOLERANCE : ratio <= 1 + TOLERANCE;
    console.log(
      `| ${f.label} | ${f.value.toFixed(2)} ${f.unit} | ${h.value.toFixed(2)} ${h.unit} | ` +
        `${ratio.toFixed(2)} | ${within ? "met" : "not met"} |`,
    );
  }
}
