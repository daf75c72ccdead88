import { expect, test } from "@playwright/test";
import {
  deliveriesOf,
  expectAccessible,
  newEndpoint,
  newTenant,
  publish,
  startReceiver,
} from "./delivery-kit";
import { admin, signInAs } from "./people";

// The embedded runner's runs, for platform admins only: a delivery's run with its steps and
// the event that started it; a tenant's portal session is refused.
test("an admin follows a delivery's run step by step; a tenant sees no runs", async ({
  page,
  browser,
  request,
}) => {
  const receiver = await startReceiver();
  receiver.state.healthy = true;
  const tenant = await newTenant(request, "Runs Reinsurance");
  const endpoint = await newEndpoint(request, tenant.id, receiver.url);
  await publish(request, tenant.id, "claim.opened", { claim: "C-7" });
  await deliveriesOf(request, endpoint.id, "succeeded", 1);

  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Runs" })
    .click();
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  // First attempts go in batches per endpoint: this one's batch held one delivery.
  await page.getByLabel("Function").selectOption("switchyard-deliver-first-attempts");
  await expect(page).toHaveURL(/functionId=switchyard-deliver-first-attempts/);
  await page.getByLabel("Status").selectOption("completed");
  await expect(page).toHaveURL(/functionId=switchyard-deliver-first-attempts&status=completed/);
  const table = page.getByRole("table", { name: "Runs" });
  await expect(table.getByRole("row").nth(1)).toContainText("completed");
  await page.screenshot({ path: "test-results/runs.png", fullPage: true });
  await expectAccessible(page);

  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const steps = page.getByRole("table", { name: "Steps" });
  await expect(steps.getByRole("row", { name: /attempt/ })).toContainText("completed");
  await expect(page.getByRole("region", { name: "Triggering events" })).toContainText(
    "switchyard/delivery.requested",
  );
  await steps.getByRole("button", { name: "Output of step attempt" }).click();
  await expect(page.getByRole("region", { name: "Output of attempt" })).toContainText("succeeded");
  await page.screenshot({ path: "test-results/run.png", fullPage: true });
  await expectAccessible(page);

  const linked = await request.post(`/api/v1/tenants/${tenant.id}/portal-links`, {
    headers: { authorization: `Bearer ${admin.apiKey}` },
    data: { role: "member" },
  });
  const portal = await browser.newContext();
  const portalPage = await portal.newPage();
  await portalPage.goto((await linked.json()).url);
  await expect(portalPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(
    portalPage.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Runs" }),
  ).toHaveCount(0);
  await portalPage.goto("/runs");
  await expect(portalPage.getByText("Runs are for platform admins")).toBeVisible();
  await portal.close();
  await receiver.stop();
});
