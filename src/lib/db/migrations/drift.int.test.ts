import { describe, expect, it } from "vitest";
import { diffSchemaAgainstMigrations } from "./index";
import { testServerUrl } from "./test-helpers";

// The real prisma/schema.prisma against the real prisma/migrations: production is built from the
// migrations, so a schema change without its migration would never reach a database.
describe("prisma/migrations", () => {
  it("produce exactly prisma/schema.prisma", async () => {
    const missing = await diffSchemaAgainstMigrations(testServerUrl());
    expect(
      missing,
      "prisma/schema.prisma changed without a migration. Run `npm run db:migration -- <name>` " +
        "(e.g. add_endpoint_labels), review the new prisma/migrations/<timestamp>_<name>/migration.sql " +
        "and commit it. The SQL still missing from the migrations is shown below.",
    ).toBe("");
  });
});
