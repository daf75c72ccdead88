// Finds a Chromium for the end-to-end tests, installing one when there is none:
// Playwright's own browser, else a system Chromium, else Playwright's installer, else
// (Debian, as root) `apt-get install chromium`. Prints the executable's path.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const systemPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function playwrightsOwn() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const systemChromium = () => systemPaths.find((path) => existsSync(path)) ?? null;

function attempt(label, command, args, timeoutMs) {
  console.error(`No Chromium found: trying ${label}...`);
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    timeout: timeoutMs,
  });
  return result.status === 0;
}

export function findChromium() {
  let found = process.env.CHROMIUM_PATH || playwrightsOwn() || systemChromium();
  if (found) return found;
  if (attempt("Playwright's installer", "npx", ["playwright", "install", "chromium"], 180_000)) {
    found = playwrightsOwn();
    if (found) return found;
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update"], { stdio: ["ignore", "inherit", "inherit"], env });
    attempt(
      "apt-get install -y chromium",
      "apt-get",
      ["install", "-y", "--no-install-recommends", "chromium"],
      600_000,
    );
    found = systemChromium();
    if (found) return found;
  }
  throw new Error(
    "No Chromium for the end-to-end tests: install one (`npx playwright install chromium`, or " +
      "`apt-get install -y chromium` on Debian) or set CHROMIUM_PATH.",
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(findChromium());
