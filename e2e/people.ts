import { expect, type Page } from "@playwright/test";
import { adminApiKey, adminEmail, adminPassword } from "./playwright.config";

export const admin = { email: adminEmail, password: adminPassword, apiKey: adminApiKey };

/** Signs in through /login as a person would. */
export async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
