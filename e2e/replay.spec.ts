import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// Issue 12, journey "replay": an event with a delivery, replayed from its page; the replay is
// a new event (origin replay) that points back at the original.

const auth = { authorization: `Bearer ${admin.apiKey}` };
const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
// Nothing listens on the discard port: the delivery exists, its attempt fails (or is refused
// as a private address), and nothing leaves this machine.
const endpointUrl = "http://127.0.0.1:9/replay-journey";

test("an event with a delivery is replayed from its page, and the replay opens", async ({
  page,
  request,
}) => {
  const tenant = await request.post("/api/v1/tenants", {
    headers: auth,
    data: { name: "Replay Insurance", slug: `replay-${unique()}` },
  });
  const { id: tenantId } = await tenant.json();
  const endpoint = await request.post("/api/v1/endpoints", {
    headers: auth,
    data: { tenantId, url: endpointUrl, eventTypes: ["claim.*"] },
  });
  expect(endpoint.status()).toBe(201);
  const published = await request.post("/api/v1/events", {
    headers: auth,
    data: { tenantId, type: "claim.opened", data: { claim: { id: "c-7" } }, subject: "claim-7" },
  });
  expect(published.status()).toBe(202);
  const { id: eventId } = await published.json();
  await expect
    .poll(async () => {
      const deliveries = await request.get(`/api/v1/deliveries?eventId=${eventId}`, {
        headers: auth,
      });
      return (await deliveries.json()).items.length;
    })
    .toBe(1);

  await signInAs(page, admin.email, admin.password);
  await page.goto(`/events/${eventId}`);
  await expect(page.getByRole("heading", { name: "claim.opened", level: 1 })).toBeVisible();
  const deliveries = page.getByRole("table", { name: "Deliveries" });
  await expect(deliveries.getByRole("row", { name: new RegExp(endpointUrl) })).toBeVisible();

  await page.getByRole("button", { name: "Replay" }).click();
  const dialog = page.getByRole("dialog", { name: "Replay this event?" });
  await expect(dialog).toContainText("Replay Insurance");
  await dialog.getByRole("button", { name: "Replay" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Replayed", { exact: true })).toBeVisible();
  const replayLink = page
    .getByRole("status")
    .filter({ hasText: "Replayed as a new event" })
    .getByRole("link", { name: /^evt_/ });
  await expect(replayLink).toBeVisible();
  await page.screenshot({ path: "test-results/replay-confirmed.png", fullPage: true });

  await replayLink.click();
  await expect(page).not.toHaveURL(new RegExp(`/events/${eventId}$`));
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("replay");
  await expect(summary.getByRole("link", { name: eventId })).toBeVisible();
  await expect(page.getByRole("heading", { name: "claim.opened", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Deliveries" })).toContainText(endpointUrl, {
    timeout: 15_000,
  });
  await page.screenshot({ path: "test-results/replay.png", fullPage: true });
  // The toast is checked once it has faded: axe reads colours mid-animation as too pale.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 10_000 });
  // Next.js streams a page's metadata after its body: audit the page once it has its title.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(grave.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
});
