import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  LOCKFILE_CONTENT,
  migrationChecksum,
  migrationSlug,
  migrationTimestamp,
  nextTimestamp,
  readMigrations,
  writeMigration,
} from "./migrations-folder";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});
const tempDir = async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-folder-"));
  return dir;
};

describe("migration names", () => {
  it("slugs names the way Prisma's folders look", () => {
    expect(migrationSlug("Add endpoint labels!")).toBe("add_endpoint_labels");
    expect(migrationSlug("  add_foo ")).toBe("add_foo");
    expect(() => migrationSlug("!!!")).toThrow(/not a usable migration name/);
  });

  it("stamps in UTC, yyyymmddHHMMSS, always after the latest existing folder", () => {
    const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(migrationTimestamp(now)).toBe("20250102030405");
    expect(nextTimestamp(["20240101000000_init"], now)).toBe("20250102030405");
    expect(nextTimestamp(["20250102030405_init"], now)).toBe("20250102030406");
    expect(nextTimestamp(["20251231235959_future"], now)).toBe("20260101000000");
  });

  it("checksums like _prisma_migrations: sha256 hex of the file", () => {
    expect(migrationChecksum("")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

describe("the migrations folder", () => {
  it("reads directories in order, reports a missing migration.sql, and supplies the lockfile", async () => {
    const base = await tempDir();
    await mkdir(join(base, "20250102000000_second"), { recursive: true });
    await writeFile(join(base, "20250102000000_second", "migration.sql"), "SELECT 2;");
    await mkdir(join(base, "20250101000000_first"));
    await writeFile(join(base, "20250101000000_first", "migration.sql"), "SELECT 1;");
    await mkdir(join(base, "20250103000000_empty"));
    const list = await readMigrations(base);
    expect(list.lockfile).toEqual({ path: "migration_lock.toml", content: LOCKFILE_CONTENT });
    expect(list.migrationDirectories.map((d) => d.path)).toEqual([
      "20250101000000_first",
      "20250102000000_second",
      "20250103000000_empty",
    ]);
    expect(list.migrationDirectories[0]?.migrationFile.content).toEqual({
      tag: "ok",
      value: "SELECT 1;",
    });
    expect(list.migrationDirectories[2]?.migrationFile.content.tag).toBe("error");
  });

  it("writes <timestamp>_<name>/migration.sql and the lockfile, keeping an existing lockfile", async () => {
    const base = await tempDir();
    const file = await writeMigration(base, "add foo", "SELECT 1;\n");
    expect(file).toMatch(/\/\d{14}_add_foo\/migration\.sql$/);
    expect(await readFile(file, "utf8")).toBe("SELECT 1;\n");
    expect(await readFile(join(base, "migration_lock.toml"), "utf8")).toBe(LOCKFILE_CONTENT);
    await writeFile(join(base, "migration_lock.toml"), "# kept\n");
    await writeMigration(base, "add bar", "SELECT 2;\n");
    expect(await readFile(join(base, "migration_lock.toml"), "utf8")).toBe("# kept\n");
    expect((await readdir(base)).sort()).toHaveLength(3);
  });
});
