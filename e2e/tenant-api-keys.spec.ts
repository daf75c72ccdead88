import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { admin, signInAs } from "./people";

// On a tenant's page: create an API key (shown once), use it with the REST API, revoke it
// behind a confirmation, and see it refused.
test("an API key made on the tenant page works until it is revoked", async ({ page, request }) => {
  const name = `deploys ${Date.now().toString(36)}`;
  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Tenants" })
    .click();
  await page.getByRole("link", { name: "Demo" }).click();
  await expect(page.getByRole("heading", { name: "Demo" })).toBeVisible();
  const sources = page.getByRole("region", { name: "Sources", exact: true });
  await expect(sources.getByRole("link", { name: "Demo orders" })).toBeVisible();

  const keys = page.getByRole("region", { name: "API keys" });
  await keys.getByLabel("Key name").fill(name);
  await keys.getByRole("button", { name: "Create API key" }).click();
  const shown = keys.getByLabel("API key", { exact: true });
  const key = await shown.inputValue();
  expect(key).toMatch(/^sk_live_/);
  await expect(keys.getByRole("button", { name: "Copy api key" })).toBeVisible();
  const row = keys.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(key.slice(0, 14));
  await expect(row).not.toContainText(key);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/tenant-api-key.png", fullPage: true });

  const auth = { authorization: `Bearer ${key}` };
  const listed = await request.get("/api/v1/sources", { headers: auth });
  expect(listed.status()).toBe(200);
  const { items } = await listed.json();
  expect(items.map((s: { slug: string }) => s.slug)).toContain("demo-orders");

  // Shown once: after a reload only its prefix is left, now with a last use.
  await page.reload();
  await expect(keys.getByLabel("API key", { exact: true })).toHaveCount(0);
  await expect(row).not.toContainText("Never");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("refused from now on");
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const refused = await request.get("/api/v1/sources", { headers: auth });
  expect(refused.status()).toBe(401);

  // A portal link, for owners and admins: shown once with a copy button.
  const portal = page.getByRole("region", { name: "Portal links" });
  await portal.getByLabel("Role").selectOption("owner");
  await portal.getByRole("button", { name: "Create portal link" }).click();
  await expect(portal.getByLabel("Portal link", { exact: true })).toHaveValue(/\/portal\//);
  await page.screenshot({ path: "test-results/tenant-detail.png", fullPage: true });
});
