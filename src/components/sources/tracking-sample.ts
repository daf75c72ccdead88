import type { SourceFormState } from "./form-state";
import { type TrackingFormState, terminalStatuses } from "./tracking-state";

const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const looksFailed = (status: string) => /fail|error|cancel|reject|abort/i.test(status);
const looksDone = (status: string) => /complet|succe|done|finish|ok|end/i.test(status);

/**
 * A sample webhook for the preview, built from the paths: the event type and the subject where
 * the source reads them, then every tracking path, closing the subject with its first
 * successful-looking terminal status (and a result), or a failed one (and an error).
 */
export function trackingSample(state: SourceFormState, tracking: TrackingFormState): string {
  const item: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    const trimmed = path.trim();
    if (PATH.test(trimmed) && !has(item, trimmed)) setPath(item, trimmed, value);
  };
  if (state.eventTypeFrom === "path") put(state.eventTypeValue, "job.updated");
  if (state.subjectFrom === "path") put(state.subjectValue, "job-1042");
  const terminal = terminalStatuses(tracking.terminal);
  const status = terminal.find(looksDone) ?? terminal[0] ?? "completed";
  put(tracking.status, status);
  put(tracking.progress, 100);
  if (looksFailed(status)) put(tracking.error, { code: "provider_error", message: "Gave up" });
  else put(tracking.result, { id: "res_1042", pages: 3 });
  for (const row of tracking.fields) put(row.value, `${row.key.trim() || "value"}-1042`);
  return JSON.stringify(item, null, 2);
}

/** Something is already at the path, or on the way to it (a path under a value is skipped). */
function has(item: Record<string, unknown>, path: string): boolean {
  let current: unknown = item;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return true;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return false;
  }
  return true;
}

function setPath(item: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let current = item;
  for (const key of keys) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  current[last] = value;
}
