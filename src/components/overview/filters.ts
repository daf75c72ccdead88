import type { StatsWindow } from "@/domain/stats/schemas";

export const windows: readonly {
  value: StatsWindow;
  label: string;
  title: string;
  words: string;
}[] = [
  { value: "1h", label: "1 h", title: "The last hour", words: "the last hour" },
  { value: "24h", label: "24 h", title: "The last 24 hours", words: "the last 24 hours" },
  { value: "7d", label: "7 d", title: "The last 7 days", words: "the last 7 days" },
  { value: "30d", label: "30 d", title: "The last 30 days", words: "the last 30 days" },
];

export const DEFAULT_WINDOW: StatsWindow = "24h";

/**
 * The overview's input from its query string (`?window=7d&tenantId=ten_...`), the same on the
 * server that prefetches it and in the browser that reads it: an unknown window is the default.
 */
export function overviewInput(params: {
  window?: string | string[] | undefined;
  tenantId?: string | string[] | undefined;
}): { window: StatsWindow; tenantId?: string } {
  const window = windows.find((w) => w.value === first(params.window))?.value ?? DEFAULT_WINDOW;
  const tenantId = first(params.tenantId) || undefined;
  return tenantId ? { window, tenantId } : { window };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function windowWords(window: StatsWindow): string {
  return windows.find((w) => w.value === window)?.words ?? window;
}
