import { expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

test("the health check reports the database and the runner", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    db: "ok",
    runner: "embedded",
    runnerAlive: true,
  });
});

test("the console asks for a sign-in, and a wrong password signs nobody in", async ({ page }) => {
  await page.goto("/tenants");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Wrong email or password." }),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a newcomer signs in and sees the demo tenant's data", async ({ page }) => {
  await signInAs(page, admin.email, admin.password);
  const configuration = page.getByRole("region", { name: "Configuration" });
  await expect(configuration.getByText("Tenants")).toBeVisible();
  // At least the demo tenant, its source and its endpoint (other journeys may add more).
  await expect(configuration).toContainText(/[1-9]\d*\s*Tenants/);
  await expect(configuration).toContainText(/[1-9]\d*\s*Sources/);
  await expect(configuration).toContainText(/[1-9]\d*\s*Endpoints/);

  await page.getByRole("link", { name: "Tenants" }).click();
  await expect(page).toHaveURL(/\/tenants$/);
  // The demo tenant: one source and one endpoint, read from the database through tRPC.
  const row = page.getByRole("row", { name: /^Demo demo / });
  await expect(row).toContainText("demo");
  await expect(row.getByRole("cell").nth(2)).toHaveText("1");
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");
});

test("within a minute of the first start, the demo's signed sample is delivered", async ({
  request,
}) => {
  const auth = { authorization: `Bearer ${admin.apiKey}` };
  await expect
    .poll(
      async () => {
        const events = await (
          await request.get("/api/v1/events?limit=50", { headers: auth })
        ).json();
        const sample = events.items.find((e: { type: string }) => e.type.startsWith("order."));
        if (!sample) return "no sample event";
        const deliveries = await (
          await request.get(`/api/v1/deliveries?eventId=${sample.id}`, { headers: auth })
        ).json();
        return deliveries.items[0]?.status ?? "no delivery";
      },
      { timeout: 60_000 },
    )
    .toBe("succeeded");
});
