import { getPath } from "@/lib/json-path";

/** What one event (or one poll answer) says about its subject, read by a tracking rule. */
export interface Observation {
  /** null: the event carries no status (a final report), so it may only fill in. */
  status: string | null;
  progress?: number;
  result?: unknown;
  error?: unknown;
  fields: Record<string, string>;
}

/** A subject's state, as stored in its row. */
export interface SubjectState {
  status: string | null;
  terminal: boolean;
  progress: number | null;
  result: unknown;
  error: unknown;
  fields: Record<string, string>;
  updatedBy: "webhook" | "poll" | null;
}

export interface StatePaths {
  status: string;
  progress?: string;
  result?: string;
  error?: string;
  fields?: Record<string, string>;
}

/** Reads an event's payload with the rule's paths; absent paths say nothing. */
export function observe(paths: StatePaths, payload: unknown): Observation {
  const observation: Observation = { status: textOf(getPath(payload, paths.status)), fields: {} };
  if (paths.progress) {
    const progress = numberOf(getPath(payload, paths.progress));
    if (progress !== null) observation.progress = progress;
  }
  if (paths.result) {
    const result = getPath(payload, paths.result);
    if (result !== undefined && result !== null) observation.result = result;
  }
  if (paths.error) {
    const error = getPath(payload, paths.error);
    if (error !== undefined && error !== null && error !== "") observation.error = error;
  }
  for (const [name, path] of Object.entries(paths.fields ?? {})) {
    const value = textOf(getPath(payload, path));
    if (value !== null) observation.fields[name] = value;
  }
  return observation;
}

export type Verdict =
  /** The state moved (or was filled in); `becameTerminal` when this closed the subject. */
  | { effect: "changed"; state: SubjectState; becameTerminal: boolean }
  /** A status for a subject already terminal: kept on the timeline, changes nothing. */
  | { effect: "ignored"; state: SubjectState }
  /** Nothing new (a repeated status, an event that carries nothing the rule reads). */
  | { effect: "unchanged"; state: SubjectState };

/**
 * One observation applied to a subject's state. Monotonic: once terminal, a status changes
 * nothing (PRODUCT.md); an event without a status may still fill the result or the error.
 */
export function applyObservation(
  state: SubjectState,
  observation: Observation,
  terminalStatuses: readonly string[],
  by: "webhook" | "poll",
): Verdict {
  if (observation.status !== null && state.terminal) return { effect: "ignored", state };
  const next: SubjectState = { ...state, fields: { ...state.fields, ...observation.fields } };
  if (observation.status !== null) {
    next.status = observation.status;
    next.terminal = terminalStatuses.includes(observation.status);
  }
  // A closed subject's progress stays where it closed; a report may still bring the outcome.
  if (observation.progress !== undefined && !state.terminal) next.progress = observation.progress;
  if (observation.result !== undefined) next.result = observation.result;
  if (observation.error !== undefined) next.error = observation.error;
  if (sameState(state, next)) return { effect: "unchanged", state };
  next.updatedBy = by;
  return { effect: "changed", state: next, becameTerminal: next.terminal && !state.terminal };
}

function sameState(a: SubjectState, b: SubjectState): boolean {
  return (
    a.status === b.status &&
    a.terminal === b.terminal &&
    a.progress === b.progress &&
    sameJson(a.result, b.result) &&
    sameJson(a.error, b.error) &&
    sameJson(a.fields, b.fields)
  );
}

/** Equal JSON values, whatever the order of their keys: a stored jsonb reorders them. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]))
  );
}

/** Statuses and field values are text: "200" and 200 are the same status. */
function textOf(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value.slice(0, 200);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Progress is a number; "42", "42%" and 42 all read as 42. */
function numberOf(value: unknown): number | null {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string"
        ? Number.parseFloat(value.replace(/%$/, ""))
        : Number.NaN;
  return Number.isFinite(number) ? number : null;
}
