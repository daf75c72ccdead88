import type { z } from "zod";
import type { Row } from "@/components/endpoints/form-values";
import type { TrackingRule, trackingRule } from "@/domain/subjects/tracking-rule";

// The tracking rule as the person types it in the source form (text and rows), and the API's
// input built from it. The server validates; its errors come back beside the fields.

export interface TrackingFormState {
  enabled: boolean;
  status: string;
  /** Comma separated: "completed, failed". */
  terminal: string;
  progress: string;
  result: string;
  error: string;
  /** Searchable fields: name -> path. */
  fields: Row[];
  polling: boolean;
  pollUrl: string;
  pollHeaders: Row[];
  pollAfter: string;
  pollEvery: string;
  pollTimeoutMs: string;
  pollStatus: string;
  pollProgress: string;
  pollResult: string;
  pollError: string;
}

export const emptyTracking: TrackingFormState = {
  enabled: false,
  status: "status",
  terminal: "completed, failed",
  progress: "",
  result: "",
  error: "",
  fields: [],
  polling: false,
  pollUrl: "",
  pollHeaders: [],
  pollAfter: "5m",
  pollEvery: "1m",
  pollTimeoutMs: "10000",
  pollStatus: "status",
  pollProgress: "",
  pollResult: "",
  pollError: "",
};

/** "completed, failed" -> ["completed", "failed"] */
export function terminalStatuses(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

const optional = (path: string) => path.trim() || undefined;
const record = (rows: Row[]) =>
  Object.fromEntries(
    rows.filter((row) => row.key.trim()).map((row) => [row.key.trim(), row.value.trim()]),
  );

/** The rule the API takes, or null when tracking is off (an edit then removes the rule). */
export function trackingOf(state: TrackingFormState): z.input<typeof trackingRule> | null {
  if (!state.enabled) return null;
  return {
    status: state.status.trim(),
    terminal: terminalStatuses(state.terminal),
    progress: optional(state.progress),
    result: optional(state.result),
    error: optional(state.error),
    fields: record(state.fields),
    poll: state.polling
      ? {
          url: state.pollUrl.trim(),
          headers: Object.fromEntries(
            state.pollHeaders
              .filter((row) => row.key.trim())
              .map((row) => [row.key.trim(), row.value]),
          ),
          after: state.pollAfter.trim(),
          every: state.pollEvery.trim(),
          timeoutMs: Number(state.pollTimeoutMs),
          status: state.pollStatus.trim(),
          progress: optional(state.pollProgress),
          result: optional(state.pollResult),
          error: optional(state.pollError),
        }
      : null,
  };
}

/** The form filled with a source's rule, to edit it. */
export function trackingFormOf(rule: TrackingRule | null): TrackingFormState {
  if (!rule) return emptyTracking;
  const rows = (entries: Record<string, string>) =>
    Object.entries(entries).map(([key, value]) => ({ key, value }));
  const { poll } = rule;
  return {
    enabled: true,
    status: rule.status,
    terminal: rule.terminal.join(", "),
    progress: rule.progress ?? "",
    result: rule.result ?? "",
    error: rule.error ?? "",
    fields: rows(rule.fields),
    polling: Boolean(poll),
    pollUrl: poll?.url ?? "",
    pollHeaders: poll ? rows(poll.headers) : [],
    pollAfter: poll?.after ?? emptyTracking.pollAfter,
    pollEvery: poll?.every ?? emptyTracking.pollEvery,
    pollTimeoutMs: String(poll?.timeoutMs ?? emptyTracking.pollTimeoutMs),
    pollStatus: poll?.status ?? emptyTracking.pollStatus,
    pollProgress: poll?.progress ?? "",
    pollResult: poll?.result ?? "",
    pollError: poll?.error ?? "",
  };
}

/**
 * The server's messages for the tracking section, by where they show: `at("tracking.poll.url")`
 * is the message for that control or anything inside it ("tracking.terminal.1").
 */
export function trackingErrors(paths: Record<string, string>) {
  const at = (prefix: string) =>
    Object.entries(paths).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
  return { at, exact: (path: string) => paths[path] };
}
