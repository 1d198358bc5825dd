import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PROJECTS_MIGRATION, recordProjectsUpgrade } from "../projects/record-upgrade";
import type { Sql } from "./sql";
import { installJobQueue } from "../jobs/install";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, keeping
 * Prisma's own `_prisma_migrations` bookkeeping (same table, same sha256
 * checksum), so `prisma migrate deploy` would consider the same database up
 * to date. Runs under a transaction-independent advisory lock so instances
 * starting together apply each migration once. See docs/decisions/001.
 */

export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(), "prisma", "migrations");

// The same key Prisma's migrate engine uses for its advisory lock.
const ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export type MigrationFile = { name: string; sql: string; checksum: string };

/**
 * Data steps that SQL alone cannot do (an audit event needs the chain's hash
 * in canonical JSON), run in the migration's own transaction right after its
 * SQL: both commit or neither does. Keyed by migration name; never changed
 * once released, like the migration files themselves.
 */
const DATA_STEPS: Record<string, (sql: Sql) => Promise<void>> = {
  [PROJECTS_MIGRATION]: recordProjectsUpgrade,
};
export type MigrationReport = { applied: string[]; alreadyApplied: number };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null };

async function appliedMigrations(client: pg.ClientBase): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return rows;
}

/** Refuses when an applied migration's file changed, went missing, or failed half-way. */
export function checkHistory(files: MigrationFile[], applied: AppliedRow[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished; repair the database, then mark it rolled back in _prisma_migrations.`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied to the database but missing from prisma/migrations; restore the folder.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum mismatch); restore the original file and add a new migration instead.`,
      );
    }
  }
}

export async function applyMigrations(ownerUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const applied = await appliedMigrations(client);
    checkHistory(files, applied);
    const done = new Set(applied.map((row) => row.migration_name));
    const report: MigrationReport = { applied: [], alreadyApplied: done.size };
    for (const file of files) {
      if (done.has(file.name)) continue;
      await applyOne(client, file);
      report.applied.push(file.name);
    }
    // The job queue's own schema (graphile-worker's migrations) and the runtime role's grants on it, after ours (the grants name countersign_runtime).
    await installJobQueue(ownerUrl, client);
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [id, file.checksum, file.name],
    );
    await client.query(file.sql);
    const step = DATA_STEPS[file.name];
    if (step) await step({ query: async (text, values) => (await client.query(text, values)).rows });
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${reason}`);
  }
}

/** For /api/ready and `doctor`: names of migrations on disk not yet applied. */
export async function pendingMigrations(client: pg.ClientBase, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readMigrations(dir);
  const exists = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`,
  );
  if (!exists.rows[0]?.exists) return files.map((file) => file.name);
  const applied = await appliedMigrations(client);
  checkHistory(files, applied);
  const done = new Set(applied.map((row) => row.migration_name));
  return files.filter((file) => !done.has(file.name)).map((file) => file.name);
}

/** Names of the migration folders on disk, in order. */
export async function migrationNamesOnDisk(dir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}
