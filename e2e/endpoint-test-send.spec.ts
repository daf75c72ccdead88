import { expect, test } from "@playwright/test";
import { startReceiver } from "../tests/support/receiver";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// Issue 12: edit a test payload and send it; the receiver gets exactly the edited data, and
// the edited payload is kept for the next test send (it is there after a reload).

const asAdmin = { authorization: `Bearer ${admin.apiKey}` };

test("an edited test payload is sent exactly as edited, and kept", async ({ page, request }) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver();
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const tenant = await request.post("/api/v1/tenants", {
    headers: asAdmin,
    data: { name: `Test Sends ${suffix}`, slug: `ts-${suffix}` },
  });
  const { id: tenantId } = await tenant.json();
  const created = await request.post("/api/v1/endpoints", {
    headers: asAdmin,
    data: { tenantId, url: receiver.url, eventTypes: ["claim.*"], description: "Test sends" },
  });
  expect(created.status()).toBe(201);
  const endpoint = await created.json();

  await signInAs(page, admin.email, admin.password);
  await page.goto(`/endpoints/${endpoint.id}`);
  const testSend = page.getByRole("region", { name: "Test send" });
  await expect(testSend.getByLabel("Event type")).toHaveValue("switchyard.test");
  await expect(testSend.getByLabel("Payload")).toHaveValue(/A test event from Switchyard/);

  // Invalid JSON is caught before anything is sent.
  await testSend.getByLabel("Payload").fill('{"claim": ');
  await expect(testSend.getByText(/Not valid JSON/)).toBeVisible();
  await expect(testSend.getByRole("button", { name: "Send test" })).toBeDisabled();

  const edited = { claim: { id: "c-77", status: "opened" }, amount: 99.5, note: "édité" };
  await testSend.getByLabel("Event type").fill("claim.opened");
  await testSend.getByLabel("Payload").fill(JSON.stringify(edited));
  await testSend.getByRole("button", { name: "Send test" }).click();
  const result = testSend.getByRole("region", { name: "Test result" });
  await expect(result).toContainText("succeeded", { timeout: 15_000 });
  await expect(result).toContainText("HTTP 200");
  await expect(result.getByRole("link")).toHaveAttribute("href", /^\/deliveries\/dlv_/);

  expect(receiver.received).toHaveLength(1);
  const body = JSON.parse(receiver.received[0]?.body ?? "{}");
  expect(body.type).toBe("claim.opened");
  expect(body.data).toEqual(edited);

  await page.reload();
  const again = page.getByRole("region", { name: "Test send" });
  await expect(again.getByLabel("Event type")).toHaveValue("claim.opened");
  expect(JSON.parse(await again.getByLabel("Payload").inputValue())).toEqual(edited);
  await expect(again).toContainText("Prefilled with the last test sent to it.");
  await expect(
    page
      .getByRole("region", { name: "Recent deliveries" })
      .getByRole("row", { name: /claim\.opened/ }),
  ).toContainText("test");
  await page.screenshot({ path: "test-results/endpoint-test-send.png", fullPage: true });
  await expectNoSeriousA11yViolations(page);
  await receiver.stop();
});
