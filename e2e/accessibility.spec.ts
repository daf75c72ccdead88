import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// Quality bar of the console (#12): axe-core finds no serious or critical violation on any
// page, at 1280 px. Detail pages are reached through real ids of the demo tenant.

async function expectAccessible(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Let data arrive: loading skeletons are not what people read (live lists never go idle).
  await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0);
  await expect(page.getByText("Loading…")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  const name = path.replace(/^\//, "").replace(/[^\w-]+/g, "-") || "overview";
  await page.screenshot({ path: `test-results/page-${name}.png`, fullPage: true });
}

test("no page has a serious or critical accessibility violation", async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const auth = { authorization: `Bearer ${admin.apiKey}` };
  const tenants = await (await request.get("/api/v1/tenants", { headers: auth })).json();
  const demo = tenants.items.find((t: { slug: string }) => t.slug === "demo");
  const published = await (
    await request.post("/api/v1/events", {
      headers: auth,
      data: { tenantId: demo.id, type: "order.created", data: { order: 1 }, subject: "order-1" },
    })
  ).json();
  const endpoints = await (await request.get("/api/v1/endpoints", { headers: auth })).json();
  const sources = await (await request.get("/api/v1/sources", { headers: auth })).json();
  await expect
    .poll(async () => {
      const list = await (
        await request.get(`/api/v1/deliveries?eventId=${published.id}`, { headers: auth })
      ).json();
      return list.items[0]?.id ?? null;
    })
    .not.toBeNull();
  const deliveries = await (
    await request.get(`/api/v1/deliveries?eventId=${published.id}`, { headers: auth })
  ).json();

  await signInAs(page, admin.email, admin.password);
  const paths = [
    "/",
    "/events",
    `/events/${published.id}`,
    "/subjects",
    "/subjects/order-1",
    "/deliveries",
    `/deliveries/${deliveries.items[0].id}`,
    "/endpoints",
    `/endpoints/${endpoints.items[0].id}`,
    "/sources",
    `/sources/${sources.items[0].id}`,
    "/tenants",
    `/tenants/${demo.id}`,
    "/runs",
    "/people",
    "/audit-log",
  ];
  for (const path of paths) await expectAccessible(page, path);
});

test("the sign-in page has no serious or critical accessibility violation", async ({ page }) => {
  await expectAccessible(page, "/login");
});
