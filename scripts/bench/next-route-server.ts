// The Next.js route handler for bench:ingest: the baseline's work (read the body, one INSERT,
// answer 202) in an App Router route handler (next-route/app/route.js), reached as Switchyard
// reaches Next (src/server/http/server.ts): node:http hands each request to Next's handler.
// Builds that one-route app first when it has changed.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import next from "next";
import pg from "pg";

const dir = fileURLToPath(new URL("./next-route", import.meta.url));
const builtAt = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (builtAt(`${dir}/.next/BUILD_ID`) < builtAt(`${dir}/app/route.js`)) {
  const cli = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const build = spawnSync(process.execPath, [cli, "build", dir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build ${dir} failed`);
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
await pool.query(
  "CREATE TABLE IF NOT EXISTS baseline_webhooks (id text PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())",
);
await pool.end();

const port = Number(process.env.PORT);
const app = next({ dev: false, dir, port });
await app.prepare();
const handle = app.getRequestHandler();
createServer((req, res) => void handle(req, res)).listen(port, () => console.log("ready"));
