import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// Issue 12, "the overview charts render with data": traffic published over REST shows on the
// Overview as counts, charts and an endpoint failing now.

const auth = { authorization: `Bearer ${admin.apiKey}` };

/** A tenant's receiver on this machine: /ok answers 200, /broken 500. */
async function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(req.url === "/ok" ? 200 : 500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** axe-core finds nothing serious or critical on the page as it is now. */
async function expectAccessible(page: Page) {
  // Next.js streams a page's metadata after its body: audit the page once it has its title.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

async function post(request: APIRequestContext, path: string, data: object) {
  const reply = await request.post(`/api/v1${path}`, { headers: auth, data });
  expect(reply.status(), await reply.text()).toBeLessThan(300);
  return reply.json();
}

test("the overview charts render with data", async ({ page, request }) => {
  const receiver = await startReceiver();
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tenant = await post(request, "/tenants", {
    name: "Chartwell Freight",
    slug: `cw-${suffix}`,
  });
  await post(request, "/endpoints", { tenantId: tenant.id, url: `${receiver.url}/ok` });
  const broken = await post(request, "/endpoints", {
    tenantId: tenant.id,
    url: `${receiver.url}/broken`,
    description: "Warehouse sync",
    retrySchedule: "1s",
  });
  const published = 12;
  for (let i = 0; i < published; i++) {
    await post(request, "/events", { tenantId: tenant.id, type: "shipment.moved", data: { i } });
  }
  // Every delivery ends: the good endpoint's succeed, the broken one's fail after a retry.
  await expect
    .poll(
      async () => {
        const reply = await request.get(`/api/v1/stats?tenantId=${tenant.id}&window=1h`, {
          headers: auth,
        });
        return (await reply.json()).tenants[0]?.deliveries;
      },
      { timeout: 20_000 },
    )
    .toEqual({ pending: 0, succeeded: published, failed: published });

  await signInAs(page, admin.email, admin.password);
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Chartwell Freight" });
  await expect(page).toHaveURL(new RegExp(`tenantId=${tenant.id}`));
  await page.getByRole("radio", { name: "1 h" }).click();
  await expect(page).toHaveURL(/window=1h/);

  await expect(page.getByRole("region", { name: "Events in" })).toContainText(String(published));
  await expect(page.getByRole("region", { name: "Deliveries out" })).toContainText(
    String(2 * published),
  );
  await expect(page.getByRole("region", { name: "Success rate" })).toContainText("50%");
  await expect(page.getByRole("region", { name: "Delivery latency" })).toContainText(/\d+ (ms|s)/);

  // The charts are SVG with a bar for each step that had traffic.
  const eventsChart = page.getByRole("figure", { name: "Events in" });
  const deliveriesChart = page.getByRole("figure", { name: "Deliveries out" });
  await expect(eventsChart.locator("svg.recharts-surface")).toBeVisible();
  await expect(eventsChart.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await expect(deliveriesChart.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  expect(await deliveriesChart.locator(".recharts-bar-rectangle path").count()).toBeGreaterThan(1);

  const failing = page.getByRole("region", { name: "Endpoints failing now" });
  const row = failing.getByRole("row", { name: /\/broken/ });
  await expect(row.getByRole("link", { name: `${receiver.url}/broken` })).toHaveAttribute(
    "href",
    `/endpoints/${broken.id}`,
  );
  await expect(row.getByRole("link", { name: "Failed deliveries" })).toHaveAttribute(
    "href",
    `/deliveries?endpointId=${broken.id}&status=failed`,
  );
  await expect(page.getByRole("region", { name: "Configuration" })).toContainText(/2\s*Endpoints/);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/overview-charts.png", fullPage: true });

  // A longer window is another link to share, with the same traffic in it.
  await page.getByRole("radio", { name: "7 d" }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(page.getByRole("region", { name: "Events in" })).toContainText(String(published));
  await expect(eventsChart.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await page.screenshot({ path: "test-results/overview-charts-7d.png", fullPage: true });

  receiver.server.close();
});

test("a portal session sees its own tenant's overview only", async ({ browser, request }) => {
  const tenant = await post(request, "/tenants", {
    name: "Portal Overview Ltd",
    slug: `po-${Date.now().toString(36)}`,
  });
  await post(request, "/events", { tenantId: tenant.id, type: "parcel.sent", data: {} });
  const { url } = await post(request, `/tenants/${tenant.id}/portal-links`, { role: "member" });

  const portal = await browser.newContext();
  const page = await portal.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Portal Overview Ltd", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Tenant", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Configuration" })).toContainText(/1\s*Tenants/);
  await expect(page.getByRole("region", { name: "Events in" })).toContainText("1");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/overview-portal.png", fullPage: true });
  await portal.close();
});
