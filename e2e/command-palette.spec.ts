import { expect, test } from "@playwright/test";
import { admin, signInAs } from "./people";

test("Ctrl-K jumps to a page, or to any id pasted into it", async ({ page, request }) => {
  const tenants = await request.get("/api/v1/tenants", {
    headers: { authorization: `Bearer ${admin.apiKey}` },
  });
  const demo = (await tenants.json()).items.find((t: { slug: string }) => t.slug === "demo");
  const published = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${admin.apiKey}` },
    data: { tenantId: demo.id, type: "order.created", data: { order: 7 } },
  });
  const { id } = await published.json();

  await signInAs(page, admin.email, admin.password);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  await palette.getByRole("combobox").fill("Tenants");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/tenants$/);

  await page.getByRole("button", { name: /Jump to/ }).click();
  await palette.getByRole("combobox").fill(id);
  await expect(palette.getByRole("option", { name: `Open event ${id}` })).toBeVisible();
  await page.screenshot({ path: "test-results/command-palette.png" });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/events/${id}$`));
});
