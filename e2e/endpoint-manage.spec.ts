import { expect, test } from "@playwright/test";
import { startReceiver } from "../tests/support/receiver";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// Issue 12: the endpoint's actions in the console: edit, disable (with its reason in the list)
// and enable, recover since a time with progress, reveal and rotate the secret, delete.

const asAdmin = { authorization: `Bearer ${admin.apiKey}` };

test("an endpoint is edited, disabled and enabled, recovered, its secret rotated, and deleted", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  let healthy = false;
  const receiver = await startReceiver(() => ({ status: healthy ? 200 : 503 }));
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const tenant = await (
    await request.post("/api/v1/tenants", {
      headers: asAdmin,
      data: { name: `Managed ${suffix}`, slug: `mg-${suffix}` },
    })
  ).json();
  const endpoint = await (
    await request.post("/api/v1/endpoints", {
      headers: asAdmin,
      data: {
        tenantId: tenant.id,
        url: receiver.url,
        eventTypes: ["order.*"],
        retrySchedule: "1s",
      },
    })
  ).json();

  await signInAs(page, admin.email, admin.password);
  await page.goto(`/endpoints/${endpoint.id}`);

  // Edit: only what changed is saved, and the page shows it.
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit endpoint" })).toBeVisible();
  await page.getByLabel("Event types").fill("order.*, invoice.paid");
  await page.getByRole("button", { name: "Add a filter" }).click();
  await page.getByLabel("Filter path 1").fill("region");
  await page.getByLabel("Filter value 1").fill("eu");
  await page.getByLabel("Rate limit").fill("20");
  await page.getByLabel("Per", { exact: true }).selectOption("1m");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint.id}$`));
  const settings = page.getByRole("region", { name: "Settings" });
  await expect(settings).toContainText("invoice.paid");
  await expect(settings).toContainText('region = "eu"');
  await expect(settings).toContainText("20 per minute");

  // Two events fail (503, then the one retry): they are what recovery sends again.
  for (const n of [1, 2]) {
    const published = await request.post("/api/v1/events", {
      headers: asAdmin,
      data: { tenantId: tenant.id, type: "order.paid", data: { n, region: "eu" } },
    });
    expect(published.status()).toBe(202);
  }
  const deliveries = page.getByRole("region", { name: "Recent deliveries" });
  await expect(deliveries.getByRole("row", { name: /failed/ })).toHaveCount(2, { timeout: 20_000 });

  // Disable asks first; the list then says why it is disabled.
  await page.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Disabled:" })).toContainText(
    `Disabled by ${admin.email}`,
  );
  await page.goto(`/endpoints?tenantId=${tenant.id}`);
  await expect(page.getByRole("row", { name: new RegExp(receiver.url) })).toContainText("disabled");
  await page.getByRole("link", { name: receiver.url }).click();
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByText("Endpoint enabled")).toBeVisible();

  // Recover since an hour ago: both failed deliveries are sent again, with progress.
  healthy = true;
  const recover = page.getByRole("region", { name: "Recover" });
  await recover.getByLabel("Failed since").fill(localInput(new Date(Date.now() - 3_600_000)));
  await recover.getByRole("button", { name: "Recover" }).click();
  await expect(recover.getByRole("progressbar", { name: "Recovery progress" })).toBeVisible();
  await expect(recover).toContainText("2 of 2 sent again", { timeout: 15_000 });
  await expect(deliveries.getByRole("row", { name: /succeeded/ })).toHaveCount(2, {
    timeout: 20_000,
  });

  // Reveal on request; rotating shows the new secret once and until when the old one signs.
  const secretPanel = page.getByRole("region", { name: "Signing secret" });
  await expect(secretPanel.getByLabel("Current signing secret", { exact: true })).toHaveCount(0);
  await secretPanel.getByRole("button", { name: "Reveal secret" }).click();
  await expect(secretPanel.getByLabel("Current signing secret", { exact: true })).toHaveValue(
    /^whsec_/,
  );
  const before = await secretPanel
    .getByLabel("Current signing secret", { exact: true })
    .inputValue();
  await secretPanel.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await secretPanel.getByLabel("New signing secret", { exact: true }).inputValue();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(before);
  await expect(secretPanel).toContainText("the previous secret still signs until");
  await page.screenshot({ path: "test-results/endpoint-manage.png", fullPage: true });
  await expectNoSeriousA11yViolations(page);

  // Delete asks first, then the list no longer has it.
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
  expect(
    (await request.get(`/api/v1/endpoints/${endpoint.id}`, { headers: asAdmin })).status(),
  ).toBe(404);
  const missing = await page.goto(`/endpoints/${endpoint.id}`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByText("No such endpoint")).toBeVisible();
  await receiver.stop();
});

/** A datetime-local input's value in the browser's zone (the same machine's). */
function localInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
