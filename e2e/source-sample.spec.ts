import { expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// `Send a sample` on the demo source: a signed sample goes through the real ingest path, the
// toast links to the new event, and the event appears among the source's recent events.
test("Send a sample on the demo source shows a new event", async ({ page }) => {
  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Sources" })
    .click();
  await page.getByRole("link", { name: "Demo orders" }).click();
  await expect(page.getByRole("heading", { name: "Demo orders" })).toBeVisible();

  // By keyboard: the action is a real button.
  await page.getByRole("button", { name: "Send a sample" }).focus();
  await page.keyboard.press("Enter");
  const toastLink = page.getByRole("link", { name: /^View event evt_/ });
  await expect(toastLink).toBeVisible();
  const eventId = ((await toastLink.textContent()) ?? "").replace("View event ", "").trim();
  expect(eventId).toMatch(/^evt_/);
  await expect(toastLink).toHaveAttribute("href", `/events/${eventId}`);

  const recent = page.getByRole("region", { name: "Recent events" });
  const row = recent.getByRole("row", { name: new RegExp(eventId) });
  await expect(row).toContainText("order.created");
  await page.screenshot({ path: "test-results/source-sample.png", fullPage: true });
  // Processed in the background like any webhook.
  await expect(row).toContainText("completed", { timeout: 20_000 });
  await expect(
    page.getByRole("region", { name: "Recent events" }).getByRole("link", { name: eventId }),
  ).toHaveAttribute("href", `/events/${eventId}`);
});
