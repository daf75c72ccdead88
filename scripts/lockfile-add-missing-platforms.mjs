// Adds lockfile entries for other platforms' optional binaries (e.g. @next/swc-darwin-arm64)
// that this project's registry mirror does not carry. `npm install` then leaves them out of
// package-lock.json and `npm ci` refuses the lockfile as out of sync. Each entry states its
// os/cpu (read from the package name), so npm skips it here just as it would on a full
// registry. Run after `npm install` changes dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

const osNames = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "win32",
  "openbsd",
  "netbsd",
  "sunos",
  "aix",
];
const cpuNames = [
  "arm64",
  "x64",
  "ia32",
  "arm",
  "ppc64",
  "s390x",
  "riscv64",
  "loong64",
  "mips64el",
  "wasm32",
];

function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.find((token) => osNames.includes(token));
  const cpu = tokens.find((token) => cpuNames.includes(token));
  const libc = tokens.includes("musl")
    ? ["musl"]
    : os === "linux" && cpu !== "wasm32"
      ? ["glibc"]
      : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${path}/${key}`]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) continue; // not a platform binary: leave it to npm
    packages[key] = {
      version,
      ...(cpu ? { cpu: [cpu] } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(libc && cpu !== "wasm32" ? { libc } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} entries for other platforms' optional binaries`);
