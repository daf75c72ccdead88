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

// Bulk retry with progress: several deliveries failed to an endpoint that was down; once it
// is back, `Retry all` on the list of that tenant's failed deliveries sends them all again.
test("bulk retry with progress", async ({ page, request }) => {
  const receiver = await startReceiver();
  const tenant = await newTenant(request, "Bulk Brokers");
  const endpoint = await newEndpoint(request, tenant.id, receiver.url);
  for (let n = 1; n <= 4; n++) {
    await publish(request, tenant.id, "claim.settled", { claim: `C-${n}`, n });
  }
  await deliveriesOf(request, endpoint.id, "failed", 4);
  receiver.state.healthy = true;

  await signInAs(page, admin.email, admin.password);
  // A shareable URL: this tenant's failed deliveries.
  await page.goto(`/deliveries?tenantId=${tenant.id}&status=failed`);
  const rows = page.getByRole("table", { name: "Deliveries" }).getByRole("row");
  await expect(rows).toHaveCount(5);

  await page.getByRole("button", { name: "Retry all" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Retry every failed delivery?");
  await dialog.getByRole("button", { name: "Retry all" }).click();

  const progress = page.getByRole("progressbar", { name: "Bulk retry progress" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuemax", "4");
  await expect(progress).toHaveAttribute("aria-valuenow", "4");
  await expect(page.getByRole("region", { name: "Bulk retry" })).toContainText(
    "Done: 4 of 4 sent again.",
  );
  await expect(page.getByText("4 deliveries sent again")).toBeVisible();
  await page.screenshot({ path: "test-results/bulk-retry.png", fullPage: true });
  await expectAccessible(page);

  // Sent again and delivered: none is failed any more, all four succeeded.
  await deliveriesOf(request, endpoint.id, "succeeded", 4);
  await page.getByLabel("Status").selectOption({ label: "Succeeded" });
  await expect(rows).toHaveCount(5);
  await expect(page.getByRole("table", { name: "Deliveries" })).toContainText("200");
  await page.getByLabel("Status").selectOption({ label: "Failed" });
  await expect(page.getByText("No failed deliveries match")).toBeVisible();
  await receiver.stop();
});
