// For production: `npx prisma migrate deploy --config prisma/prisma.config.ts` with DATABASE_URL
// set applies the same prisma/migrations folder the offline tool (src/lib/db/migrations) writes.
// Paths are relative to this file.
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: env("DATABASE_URL") },
});
