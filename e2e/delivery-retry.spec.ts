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

// A failing endpoint, retried from the console to success: the delivery fails on every
// scheduled attempt (DELIVERY_RETRY_SCHEDULE=1s,1s: three of them), the receiver recovers, and
// `Retry` on the delivery's page sends it once more, by hand.
test("a failing endpoint, retried from the UI to success", async ({ page, request }) => {
  const receiver = await startReceiver();
  const tenant = await newTenant(request, "Retry Mutual");
  const endpoint = await newEndpoint(request, tenant.id, receiver.url);
  await publish(request, tenant.id, "claim.opened", { claim: "C-1042", amount: 1250 });
  const [delivery] = await deliveriesOf(request, endpoint.id, "failed", 1);
  if (!delivery) throw new Error("no delivery");
  receiver.state.healthy = true;

  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Deliveries" })
    .click();
  // The queue (failed and pending) is what the list shows first; the tenant narrows it.
  await expect(page.getByLabel("Status")).toHaveValue("queue");
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Retry Mutual" });
  await expect(page).toHaveURL(new RegExp(`tenantId=${tenant.id}`));
  const row = page.getByRole("row").filter({ hasText: receiver.url });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("failed");
  await expect(row).toContainText("claim.opened");
  await expect(row.getByRole("cell").nth(4)).toHaveText("3");
  await expect(row).toContainText("500");
  await page.screenshot({ path: "test-results/deliveries-queue.png", fullPage: true });
  await expectAccessible(page);

  await row.getByRole("link", { name: `Delivery ${delivery.id}` }).click();
  await expect(page).toHaveURL(`/deliveries/${delivery.id}`);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("failed");
  const attempts = page.getByRole("table", { name: "Attempts" });
  const attempt = (n: number) =>
    attempts
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: String(n), exact: true }) });
  for (const n of [1, 2, 3]) {
    await expect(attempt(n)).toContainText("schedule");
    await expect(attempt(n)).toContainText("500");
  }
  // The newest attempt is open: what was sent, and what came back.
  await expect(page.getByRole("region", { name: "Attempt 3 request", exact: true })).toContainText(
    "C-1042",
  );
  await expect(page.getByRole("region", { name: "Attempt 3 response", exact: true })).toContainText(
    "receiver is down",
  );

  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(page.getByText("Retry requested")).toBeVisible();
  await expect(attempt(4)).toContainText("manual");
  await expect(attempt(4)).toContainText("200");
  await expect(heading).toContainText("succeeded");
  await expect(page.getByRole("button", { name: "Retry", exact: true })).toBeDisabled();
  await expect(page.getByText("Delivered: nothing to retry.")).toBeVisible();
  expect(receiver.state.received).toBe(4);
  await page.screenshot({ path: "test-results/delivery-retried.png", fullPage: true });
  await expectAccessible(page);

  await page.goto("/deliveries/dlv_0000000000000000000missing");
  await expect(page.getByText("No such delivery")).toBeVisible();
  await receiver.stop();
});
