// The production server as plain JavaScript, for `npm start`: .next/switchyard/main.mjs (the
// app, src/main.ts) and runner-thread.mjs beside it (the runner's worker thread). Run from
// bundles, neither thread loads tsx, whose loader thread (one per thread) and source maps
// (turned on for every module, Next.js's too) cost the idle process about 100 MB (issue 14).
// `npm run dev`, the tests and the scripts run the sources through tsx as before.
// esbuild is the one tsx runs on. Stack traces point into the bundles (each module there
// starts with a `// src/...` line); NODE_OPTIONS=--enable-source-maps maps them back to the
// sources, at that memory cost.
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;

await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts", "runner-thread": "src/server/runner-thread.ts" },
  outdir: ".next/switchyard",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  packages: "external", // node_modules load from node_modules, as when run from source
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
