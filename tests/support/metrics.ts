/** One series' value in a Prometheus text exposition; 0 when the series is absent. */
export function seriesValue(text: string, name: string, labels: Record<string, string> = {}) {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
      ([, label, value]) => [label, value],
    );
    if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
  }
  return 0;
}

/** GET {baseUrl}/metrics with `token` as the bearer token: status and body text. */
export async function scrapeMetrics(baseUrl: string, token?: string) {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}
