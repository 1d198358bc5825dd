import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkHistory, MigrationError, type MigrationFile } from "../../lib/db/migrate";

type AppliedRow = Parameters<typeof checkHistory>[1][number];

function file(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

const files = [file("20260101000000_init", "CREATE TABLE a (id int);"), file("20260102000000_more", "CREATE TABLE b (id int);")];
const finished = new Date("2026-01-02T00:00:00Z");
const row = (migration: MigrationFile, overrides: Partial<AppliedRow> = {}): AppliedRow => ({
  migration_name: migration.name,
  checksum: migration.checksum,
  finished_at: finished,
  ...overrides,
});

function migrationErrorOf(applied: AppliedRow[]): MigrationError {
  try {
    checkHistory(files, applied);
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return error as MigrationError;
  }
  throw new Error("checkHistory accepted the history");
}

describe("checkHistory", () => {
  it("accepts an empty history, a partial one (pending migrations) and a complete one", () => {
    expect(() => checkHistory(files, [])).not.toThrow();
    expect(() => checkHistory(files, [row(files[0]!)])).not.toThrow();
    expect(() => checkHistory(files, files.map((migration) => row(migration)))).not.toThrow();
  });

  it("refuses a migration whose file changed after it was applied, naming it", () => {
    const error = migrationErrorOf([row(files[0]!), row(files[1]!, { checksum: "0".repeat(64) })]);
    expect(error.message).toContain("20260102000000_more");
    expect(error.message).toMatch(/changed after it was applied/);
  });

  it("refuses a migration applied to the database but missing on disk, naming it", () => {
    const error = migrationErrorOf([row(files[0]!), { migration_name: "20250101000000_gone", checksum: "a".repeat(64), finished_at: finished }]);
    expect(error.message).toContain("20250101000000_gone");
    expect(error.message).toMatch(/missing from prisma\/migrations/);
  });

  it("refuses a migration that started but never finished, naming it", () => {
    const error = migrationErrorOf([row(files[0]!, { finished_at: null })]);
    expect(error.message).toContain("20260101000000_init");
    expect(error.message).toMatch(/never finished/);
  });
});
