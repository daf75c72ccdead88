import type { z } from "zod";
import type { createEndpointInput, endpointOut } from "@/domain/endpoints/schemas";

type Endpoint = z.output<typeof endpointOut>;
type EndpointFields = Omit<z.input<typeof createEndpointInput>, "tenantId">;

export interface Row {
  key: string;
  value: string;
}

/** The form as typed: text everywhere, rows for the filter and headers. */
export interface EndpointFormValues {
  tenantId: string;
  url: string;
  description: string;
  /** Patterns separated by commas or spaces. */
  eventTypes: string;
  filter: Row[];
  headers: Row[];
  retrySchedule: string;
  rateLimit: string;
  ratePeriod: string;
  timeoutSeconds: string;
  enabled: boolean;
}

export const emptyForm = (tenantId: string): EndpointFormValues => ({
  tenantId,
  url: "",
  description: "",
  eventTypes: "*",
  filter: [],
  headers: [],
  retrySchedule: "",
  rateLimit: "",
  ratePeriod: "1s",
  timeoutSeconds: "",
  enabled: true,
});

export function formOf(endpoint: Endpoint): EndpointFormValues {
  return {
    tenantId: endpoint.tenantId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes.join(", "),
    filter: Object.entries(endpoint.filter ?? {}).map(([key, value]) => ({
      key,
      value: typeof value === "string" && !looksLikeJson(value) ? value : JSON.stringify(value),
    })),
    headers: Object.entries(endpoint.headers).map(([key, value]) => ({ key, value })),
    retrySchedule: endpoint.retrySchedule ?? "",
    rateLimit: endpoint.rateLimit ? String(endpoint.rateLimit.limit) : "",
    ratePeriod: endpoint.rateLimit?.period ?? "1s",
    timeoutSeconds: endpoint.timeoutMs === null ? "" : String(endpoint.timeoutMs / 1000),
    enabled: endpoint.enabled,
  };
}

/** The form -> the API's fields; the server validates them and says what is wrong. */
export function fieldsOf(form: EndpointFormValues): Required<EndpointFields> {
  const filter = rowsToRecord(form.filter, filterValue);
  return {
    url: form.url.trim(),
    description: form.description.trim(),
    eventTypes: form.eventTypes.split(/[\s,]+/).filter(Boolean),
    filter: Object.keys(filter).length ? filter : null,
    headers: rowsToRecord(form.headers, (value) => value),
    retrySchedule: form.retrySchedule.trim() || null,
    rateLimit: form.rateLimit.trim()
      ? { limit: Number(form.rateLimit), period: form.ratePeriod }
      : null,
    timeoutMs: form.timeoutSeconds.trim() ? Math.round(Number(form.timeoutSeconds) * 1000) : null,
    enabled: form.enabled,
  };
}

/** Only what differs from the endpoint as saved: a PATCH that says what changed. */
export function changedFields(saved: Endpoint, form: EndpointFormValues) {
  const fields = fieldsOf(form);
  const before = fieldsOf(formOf(saved));
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([name, value]) =>
        JSON.stringify(value) !== JSON.stringify(before[name as keyof EndpointFields]),
    ),
  ) as Partial<EndpointFields>;
}

function rowsToRecord<T>(rows: Row[], value: (text: string) => T): Record<string, T> {
  return Object.fromEntries(
    rows.filter((row) => row.key.trim()).map((row) => [row.key.trim(), value(row.value)]),
  );
}

/** `42`, `true`, `null` and `"quoted"` are JSON; anything else is the text itself. */
function filterValue(text: string): string | number | boolean | null {
  const trimmed = text.trim();
  if (!looksLikeJson(trimmed)) return text;
  const parsed: unknown = JSON.parse(trimmed);
  return typeof parsed === "object" && parsed !== null ? text : (parsed as string | number);
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zod issues from the server, by the form field they are about (the first path element); an
 * item of a list is named by its value ("claim opened": ...), as typed.
 */
export function issuesByField(
  issues: readonly { path: readonly PropertyKey[]; message: string }[] | undefined,
  sent: Record<string, unknown> = {},
): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const [field, ...rest] = issue.path;
    if (field === undefined) continue;
    const list = sent[String(field)];
    const item =
      Array.isArray(list) && typeof rest[0] === "number" ? JSON.stringify(list[rest[0]]) : null;
    const where = item ?? (rest.length ? rest.map(String).join(".") : null);
    const message = where ? `${where}: ${issue.message}` : issue.message;
    const key = String(field);
    byField[key] = byField[key] ? `${byField[key]}; ${message}` : message;
  }
  return byField;
}
