import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// Create a source in the console with a shared secret, see its secret once, copy its curl
// example, run it with bash as a user would, and see the event arrive on the source's page.
test("a source made in the console takes its own curl example, and the event shows up", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `CRM leads ${Date.now().toString(36)}`;
  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Sources" })
    .click();
  await expect(page.getByRole("heading", { name: "Sources" })).toBeVisible();
  await page.getByRole("link", { name: "New source" }).first().click();
  await expect(page.getByRole("heading", { name: "New source" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Tenant").selectOption({ label: "Demo" });
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByLabel("Slug")).toHaveValue(/^crm-leads-/);
  // Choosing no verification is possible, but the form says what it means.
  await page.getByLabel("Verification scheme").selectOption("none");
  await expect(page.getByRole("note")).toContainText("Anyone who learns this source's URL");
  await page.getByLabel("Verification scheme").selectOption("shared_secret");
  await expect(page.getByRole("note")).toHaveCount(0);
  await page.getByLabel("Header", { exact: true }).fill("x-webhook-token");
  const typedSecret = `s3cret-${Date.now().toString(36)}`;
  await page.getByLabel("Secret", { exact: true }).fill(typedSecret);
  await page.getByLabel("Event type from").selectOption("path");
  await page.getByLabel("Event type path").fill("type");
  await page.getByRole("button", { name: "Create source" }).click();

  // The secret, this once, with a copy button; and the curl example carrying it.
  const created = page.getByRole("region", { name: "Source created" });
  await expect(created.getByLabel("Secret", { exact: true })).toHaveValue(typedSecret);
  await expect(created.getByRole("button", { name: "Copy secret" })).toBeVisible();
  await created.getByRole("button", { name: "Copy curl example" }).click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`SECRET='${typedSecret}'`);
  await page.screenshot({ path: "test-results/source-created.png", fullPage: true });

  const output = execFileSync("bash", ["-c", snippet], { timeout: 15_000 }).toString();
  expect(output).toMatch(/HTTP 202\s*$/);
  const summary = JSON.parse(output.slice(0, output.lastIndexOf("HTTP")));
  expect(summary).toMatchObject({ accepted: 1 });
  const eventId: string = summary.events[0].id;

  await created.getByRole("link", { name: "Open source" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const recent = page.getByRole("region", { name: "Recent events" });
  await expect(recent.getByRole("link", { name: eventId })).toBeVisible({ timeout: 15_000 });
  await expect(recent.getByRole("row", { name: new RegExp(eventId) })).toContainText(
    "order.created",
  );

  // Later, the secret is hidden; Reveal secret shows it to whoever manages the source.
  const secretField = page.getByLabel("Secret", { exact: true });
  await expect(secretField).not.toHaveValue(typedSecret);
  await expect(page.getByRole("region", { name: "curl example" })).toContainText(
    "paste-the-source-secret-here",
  );
  await page.getByRole("button", { name: "Reveal secret" }).click();
  await expect(secretField).toHaveValue(typedSecret);
  await expect(page.getByRole("region", { name: "curl example" })).toContainText(typedSecret);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/source-detail.png", fullPage: true });

  // The list shows it with its event of the last 24 hours.
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Sources" })
    .click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Shared secret");
  await expect(row.getByRole("cell").nth(5)).toHaveText("1");
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/sources-list.png", fullPage: true });
});

test("the server's validation errors appear beside the fields", async ({ page }) => {
  await signInAs(page, admin.email, admin.password);
  await page.goto("/sources/new");
  await page.getByLabel("Tenant").selectOption({ label: "Demo" });
  await page.getByLabel("Name", { exact: true }).fill("Broken");
  await page.getByLabel("Slug").fill("Not A Slug");
  await page.getByLabel("Event type from").selectOption("path");
  await page.getByLabel("Event type path").fill("not a path");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The server refused" })).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Event type path")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("lowercase letters, digits and single dashes")).toBeVisible();
  await page.screenshot({ path: "test-results/source-form-errors.png", fullPage: true });
});

test("editing a source's header keeps its secret, and the form says so", async ({
  page,
  request,
}) => {
  const auth = { authorization: `Bearer ${admin.apiKey}` };
  const tenants = await (await request.get("/api/v1/tenants", { headers: auth })).json();
  const demo = tenants.items.find((t: { slug: string }) => t.slug === "demo");
  const created = await request.post("/api/v1/sources", {
    headers: auth,
    data: {
      tenantId: demo.id,
      slug: `edit-${Date.now().toString(36)}`,
      name: "Robot callbacks",
      verification: { scheme: "hmac_sha256", header: "x-signature", secret: "robot-secret" },
    },
  });
  expect(created.status()).toBe(201);
  const source = await created.json();

  await signInAs(page, admin.email, admin.password);
  await page.goto(`/sources/${source.id}`);
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit Robot callbacks" })).toBeVisible();
  await expect(page.getByLabel("New secret")).toHaveAttribute(
    "placeholder",
    "Leave empty to keep the current secret",
  );
  await page.getByLabel("Header", { exact: true }).fill("x-robot-signature");
  await page.getByLabel("Encoding").selectOption("base64");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(page.getByRole("heading", { name: "Robot callbacks" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Settings" })).toContainText("x-robot-signature");
  const secret = await request.get(`/api/v1/sources/${source.id}/secret`, { headers: auth });
  expect(await secret.json()).toEqual({ secret: "robot-secret" });
});
