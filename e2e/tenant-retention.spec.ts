import { expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// On a tenant's page: how long its history is kept, and a platform admin changing it.
test("the tenant page says how long history is kept, and an admin changes it", async ({ page }) => {
  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Tenants" })
    .click();
  await page.getByRole("link", { name: "Demo" }).click();
  const retention = page.getByRole("region", { name: "Retention" });
  await expect(retention).toContainText(
    /Events, requests, deliveries and attempts are kept \d+ days?\./,
  );

  await retention.getByLabel("Keep for (days)").fill("45");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention).toContainText(
    "Events, requests, deliveries and attempts are kept 45 days.",
  );
  await page.reload();
  await expect(retention).toContainText("kept 45 days.");
  await expect(retention.getByLabel("Keep for (days)")).toHaveValue("45");

  // Put back the default, so other journeys see the demo tenant as it starts.
  await retention.getByLabel("Keep for (days)").fill("30");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention).toContainText("kept 30 days.");
});
