import { createHash } from "node:crypto";
import { appendFile, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR, MigrationError, migrationNamesOnDisk } from "../../lib/db/migrate";
import { createTestDatabase, type TestDatabase, setupTestDatabase } from "../support/database";

const context = setupTestDatabase();

// Extra databases and migration folders made by single tests, removed at the end.
const databases: TestDatabase[] = [];
const directories: string[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  databases.push(database);
  return database;
}

/** A copy of prisma/migrations that a test may change. */
async function copyOfMigrations(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "countersign-migrations-"));
  directories.push(directory);
  await cp(MIGRATIONS_DIR, directory, { recursive: true });
  return directory;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

type HistoryRow = { migration_name: string; checksum: string; finished_at: Date | null; started_at: Date };
const history = (url: string) =>
  query<HistoryRow>(url, `SELECT migration_name, checksum, finished_at, started_at FROM "_prisma_migrations" ORDER BY migration_name`);

describe("applyMigrations", () => {
  it("applies nothing the second time, and records Prisma's sha256 checksum of each file", async () => {
    const names = await migrationNamesOnDisk();
    expect(names.length).toBeGreaterThan(0);
    const before = await history(context.database.ownerUrl);
    expect(before.map((row) => row.migration_name)).toEqual(names);

    const report = await applyMigrations(context.database.ownerUrl);
    expect(report).toEqual({ applied: [], alreadyApplied: names.length });

    const after = await history(context.database.ownerUrl);
    expect(after).toEqual(before);
    for (const row of after) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum, row.migration_name).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at, row.migration_name).not.toBeNull();
    }
  });

  it("refuses to run when an applied migration file was changed, naming the migration", async () => {
    const database = await freshDatabase();
    const directory = await copyOfMigrations();
    const names = await migrationNamesOnDisk(directory);
    expect((await applyMigrations(database.ownerUrl, directory)).applied).toEqual(names);
    const before = await history(database.ownerUrl);

    const changed = names[0]!;
    await appendFile(path.join(directory, changed, "migration.sql"), "\n-- an innocent-looking edit\n");
    const failure = applyMigrations(database.ownerUrl, directory);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(new RegExp(`^Migration ${changed} was changed after it was applied`));
    expect(await history(database.ownerUrl)).toEqual(before);
  });

  it("refuses to run when an applied migration's folder is missing, naming it", async () => {
    const database = await freshDatabase();
    const directory = await copyOfMigrations();
    const [first] = await migrationNamesOnDisk(directory);
    await applyMigrations(database.ownerUrl, directory);
    await rm(path.join(directory, first!), { recursive: true });
    await expect(applyMigrations(database.ownerUrl, directory)).rejects.toThrow(
      new RegExp(`^Migration ${first} is applied to the database but missing`),
    );
  });
  // Instances starting together: tests/reliability/two-instances.test.ts (several processes at once).
});

describe("the runtime role", () => {
  async function asApp(sql: string): Promise<unknown> {
    return query(context.database.appUrl, sql);
  }

  it("connects as countersign_app and may read the migration history", async () => {
    expect(await asApp("SELECT current_user AS who")).toEqual([{ who: "countersign_app" }]);
    const rows = (await asApp(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)) as { n: number }[];
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it("gets permission denied on DDL", async () => {
    await expect(asApp(`CREATE TABLE "vitest_forbidden" ("id" INTEGER)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(asApp(`ALTER TABLE "users" ADD COLUMN "vitest" TEXT`)).rejects.toThrow(/must be owner of table users/);
    await expect(asApp(`DROP TABLE "sign_in_throttles"`)).rejects.toThrow(/must be owner of table sign_in_throttles/);
  });

  it("cannot write _prisma_migrations", async () => {
    const before = await history(context.database.ownerUrl);
    await expect(
      asApp(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`),
    ).rejects.toThrow(/permission denied for table _prisma_migrations/);
    await expect(asApp(`UPDATE "_prisma_migrations" SET checksum = 'x'`)).rejects.toThrow(/permission denied for table _prisma_migrations/);
    await expect(asApp(`DELETE FROM "_prisma_migrations"`)).rejects.toThrow(/permission denied for table _prisma_migrations/);
    await expect(asApp(`TRUNCATE "_prisma_migrations"`)).rejects.toThrow(/permission denied for table _prisma_migrations/);
    expect(await history(context.database.ownerUrl)).toEqual(before);
  });
});
