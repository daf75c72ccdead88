import { type APIRequestContext, expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// PRODUCT.md, "People, roles and the console": an owner invited to a tenant signs in and sees
// only that tenant; a portal link signs a browser into one tenant, once.

async function newTenant(request: APIRequestContext, name: string) {
  const created = await request.post("/api/v1/tenants", {
    headers: { authorization: `Bearer ${admin.apiKey}` },
    data: { name, slug: `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}` },
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; name: string };
}

test("an owner invited to a tenant signs in and sees only that tenant", async ({
  page,
  browser,
  request,
}) => {
  await newTenant(request, "Acme Insurance");

  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "People" })
    .click();
  // The Overview has a "Tenant" select too: pick the tenant only once People is showing.
  const invite = page.getByRole("region", { name: "Invite someone" });
  await expect(invite).toBeVisible();
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Acme Insurance" });
  const ownerEmail = `owner-${Date.now().toString(36)}@example.test`;
  await invite.getByLabel("Email").fill(ownerEmail);
  await invite.getByLabel("Role").selectOption("owner");
  await invite.getByRole("button", { name: "Create invitation link" }).click();
  const link = await invite.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\//);

  // The invited owner, in a browser of their own.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await ownerPage.goto(link);
  await expect(ownerPage.getByText("Acme Insurance")).toBeVisible();
  await ownerPage.getByLabel("Name").fill("Olivia Owner");
  await ownerPage.getByLabel("Password").fill("owner-password-1");
  await ownerPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(ownerPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(ownerPage.getByRole("region", { name: "Configuration" })).toContainText(
    /1\s*Tenants/,
  );

  await ownerPage.getByRole("link", { name: "Tenants" }).click();
  await expect(ownerPage.getByRole("row", { name: /Acme Insurance/ })).toBeVisible();
  await expect(ownerPage.getByRole("row", { name: /Demo/ })).toHaveCount(0);

  // Signing out and in again lands in the same single tenant.
  await ownerPage.getByRole("button", { name: "Sign out" }).click();
  await expect(ownerPage).toHaveURL(/\/login$/);
  await signInAs(ownerPage, ownerEmail, "owner-password-1");
  await ownerPage.getByRole("link", { name: "Tenants" }).click();
  await expect(ownerPage.getByRole("row")).toHaveCount(2);
  await ownerPage.screenshot({ path: "test-results/owner-tenants.png", fullPage: true });
  await owner.close();

  // The admin sees the new owner on the People page.
  await page.reload();
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Acme Insurance" });
  const members = page.getByRole("region", { name: "Tenant members" });
  await expect(members.getByRole("row", { name: new RegExp(ownerEmail) })).toContainText("owner");
  await page.screenshot({ path: "test-results/people.png", fullPage: true });
});

test("an owner signed in through a portal link sees only its tenant, and the link works once", async ({
  browser,
  request,
}) => {
  const acme = await newTenant(request, "Portal Brokers");
  const linked = await request.post(`/api/v1/tenants/${acme.id}/portal-links`, {
    headers: { authorization: `Bearer ${admin.apiKey}` },
    data: { role: "owner" },
  });
  expect(linked.status()).toBe(201);
  const { url } = await linked.json();

  const portal = await browser.newContext();
  const page = await portal.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Tenant portal")).toBeVisible();
  await page.getByRole("link", { name: "Tenants" }).click();
  await expect(page.getByRole("row", { name: /Portal Brokers/ })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
  // An owner manages the tenant's people, and still sees no other tenant there.
  await expect(page.getByRole("link", { name: "People" })).toBeVisible();
  await page.goto("/events");
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();
  await page.screenshot({ path: "test-results/portal-owner-events.png", fullPage: true });
  await portal.close();

  // Used once: a second browser gets nothing.
  const late = await browser.newContext();
  const latePage = await late.newPage();
  const reply = await latePage.goto(url);
  expect(reply?.status()).toBe(410);
  await latePage.goto("/");
  await expect(latePage).toHaveURL(/\/login$/);
  await late.close();
});
