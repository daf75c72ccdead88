import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);

// The platform admin and admin key the journeys use (e2e/people.ts reads them too).
export const adminEmail = "admin@switchyard.test";
export const adminPassword = "e2e-admin-password";
export const adminApiKey = "sy_admin_e2e_journeys_only";

// Journeys in a real Chromium against the production build (scripts/test.mjs builds it and
// finds the browser: CHROMIUM_PATH).
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npx tsx e2e/server.ts",
    cwd: "..",
    url: `http://localhost:${port}/api/health`,
    env: {
      PORT: String(port),
      LOG_LEVEL: "warn",
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      ADMIN_API_KEY: adminApiKey,
      // Journeys deliver to receivers they start on this machine.
      ALLOW_PRIVATE_ENDPOINTS: "true",
    },
    timeout: 120_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
