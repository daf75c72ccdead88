// `npm start`: generate the Prisma client and build the app when the sources changed since
// the last build, then run Switchyard (src/main.ts, bundled: scripts/bundle-server.mjs) in
// this process.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const buildStamp = join(root, ".next", "BUILD_ID");
const serverBundle = join(root, ".next", "switchyard", "main.mjs");

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "generated" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const inputs = [
  "src",
  "public",
  "prisma/schema.prisma",
  "next.config.mjs",
  "tailwind.config.ts",
  "package-lock.json",
];
const sourcesChanged = Math.max(...inputs.map((input) => newestChange(join(root, input))));

if (
  newestChange(join(root, "src/generated/prisma/client.ts")) <
  newestChange(join(root, "prisma/schema.prisma"))
) {
  run(process.execPath, [join(root, "scripts/prisma-generate.mjs")]);
}
if (newestChange(buildStamp) < sourcesChanged) {
  console.log("Building Switchyard (sources changed since the last build)...");
  run(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"]);
}
// After Next's build, which empties .next/.
if (newestChange(serverBundle) < sourcesChanged) {
  run(process.execPath, [join(root, "scripts/bundle-server.mjs")]);
}

process.env.NODE_ENV = "production";
await import(serverBundle);
