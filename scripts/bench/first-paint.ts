// First contentful paint of console pages in Chromium, signed in, as the console bench reads it.
import { chromium } from "@playwright/test";
import { findChromium } from "../find-chromium.mjs";

export interface Paints {
  path: string;
  /** performance: first-contentful-paint, ms after navigation start. */
  fcp: number[];
  /** The document's server time: request sent to first byte of the response. */
  serverMs: number[];
}

/** Signs in once, then opens each path `runs` times (after a warm-up) in a new tab. */
export async function measurePaints(
  base: string,
  person: { email: string; password: string },
  paths: string[],
  runs: number,
): Promise<Paints[]> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const login = await context.newPage();
    await login.goto(`${base}/login`);
    await login.getByLabel("Email").fill(person.email);
    await login.getByLabel("Password").fill(person.password);
    await login.getByRole("button", { name: "Sign in" }).click();
    await login.getByRole("heading", { name: "Overview" }).waitFor();
    await login.close();

    const results: Paints[] = [];
    for (const path of paths) {
      const result: Paints = { path, fcp: [], serverMs: [] };
      for (let i = 0; i <= runs; i++) {
        const page = await context.newPage();
        await page.goto(`${base}${path}`, { waitUntil: "load" });
        const timing = await page.evaluate(
          () =>
            new Promise<{ fcp: number; serverMs: number }>((resolve) => {
              const [navigation] = performance.getEntriesByType(
                "navigation",
              ) as PerformanceNavigationTiming[];
              const serverMs = navigation ? navigation.responseStart - navigation.requestStart : 0;
              new PerformanceObserver((list) => {
                const paint = list.getEntriesByName("first-contentful-paint")[0];
                if (paint) resolve({ fcp: paint.startTime, serverMs });
              }).observe({ type: "paint", buffered: true });
            }),
        );
        await page.close();
        if (i === 0) continue; // the warm-up
        result.fcp.push(timing.fcp);
        result.serverMs.push(timing.serverMs);
      }
      results.push(result);
    }
    return results;
  } finally {
    await browser.close();
  }
}
