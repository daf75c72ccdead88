import { type APIRequestContext, expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../tests/support/receiver";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// Issue 12: create an endpoint in the console to a local receiver, publish an event through
// the REST API, and see the delivery succeed with its attempt on the endpoint's page.

const asAdmin = { authorization: `Bearer ${admin.apiKey}` };

async function newTenant(request: APIRequestContext, name: string) {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await request.post("/api/v1/tenants", {
    headers: asAdmin,
    data: { name: `${name} ${suffix}`, slug: `ep-${suffix}` },
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; name: string };
}

test("an endpoint created in the console receives a published event, signed, and shows its attempt", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver(() => ({ status: 200, body: "thanks" }));
  const tenant = await newTenant(request, "Claims Brokers");

  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Endpoints" })
    .click();
  await expect(page.getByRole("heading", { name: "Endpoints" })).toBeVisible();
  await page.getByRole("link", { name: "New endpoint" }).click();
  await expect(page.getByRole("heading", { name: "New endpoint" })).toBeVisible();

  await page.getByLabel("Tenant").selectOption({ label: tenant.name });
  await page.getByLabel("URL").fill(receiver.url);
  await page.getByLabel("Description").fill("Claims service");
  await page.getByLabel("Event types").fill("claim.*");
  await page.getByRole("button", { name: "Add a header" }).click();
  await page.getByLabel("Header name 1").fill("x-team");
  await page.getByLabel("Header value 1").fill("claims");
  await page.getByLabel("Retry schedule").fill("nonsense");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  // The server's validation appears beside the field; nothing was created.
  await expect(page.getByText(/1 to 20 durations such as 5s,1m,10m/)).toBeVisible();
  await expect(page.getByLabel("Retry schedule")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: "test-results/endpoint-form.png", fullPage: true });
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Retry schedule").fill("1s,5s");
  await page.getByRole("button", { name: "Create endpoint" }).click();

  const created = page.getByRole("region", { name: "Endpoint created" });
  const secret = await created.getByLabel("Signing secret", { exact: true }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await created.getByRole("link", { name: "Open the endpoint" }).click();
  await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
  const endpointId = page.url().split("/").at(-1) ?? "";
  expect(endpointId).toMatch(/^ep_/);

  const data = { claim: { id: "c-1042", amount: 1250 }, broker: "Ada" };
  const published = await request.post("/api/v1/events", {
    headers: asAdmin,
    data: { tenantId: tenant.id, type: "claim.opened", data },
  });
  expect(published.status()).toBe(202);

  const deliveries = page.getByRole("region", { name: "Recent deliveries" });
  const row = deliveries.getByRole("row", { name: /claim\.opened/ });
  await expect(row).toContainText("succeeded", { timeout: 15_000 });
  await expect(row).toContainText("#1 · 200");
  await expect(
    deliveries.getByRole("link", { name: "All deliveries to this endpoint" }),
  ).toHaveAttribute("href", `/deliveries?endpointId=${endpointId}`);

  // The receiver got it once, signed with the secret shown at creation, with its header.
  expect(receiver.received).toHaveLength(1);
  const [request0] = receiver.received;
  const headers = Object.fromEntries(
    Object.entries(request0?.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  expect(headers["x-team"]).toBe("claims");
  expect(new Webhook(secret).verify(request0?.body ?? "", headers)).toMatchObject({
    type: "claim.opened",
    data,
  });

  await expect(page.getByRole("region", { name: "Last 24 hours" })).toContainText("100%");
  await page.screenshot({ path: "test-results/endpoint-delivery.png", fullPage: true });
  await expectNoSeriousA11yViolations(page);

  // The list shows it with its tenant, status and 24 h success rate, filtered by tenant.
  await page.goto(`/endpoints?tenantId=${tenant.id}`);
  const listed = page.getByRole("row", { name: new RegExp(receiver.url) });
  await expect(listed).toContainText(tenant.name);
  await expect(listed).toContainText("enabled");
  await expect(listed).toContainText("100%");
  await expect(listed.getByRole("img", { name: /1 succeeded, 0 failed/ })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.screenshot({ path: "test-results/endpoints-list.png", fullPage: true });
  await expectNoSeriousA11yViolations(page);
  await receiver.stop();
});
