import "server-only";
import { db } from "../db/client";
import { migrationNamesOnDisk } from "../db/migrate";

export type Readiness = { ready: boolean; database: "ok" | "unreachable"; migrations: "current" | "pending" | "unknown" };

/** Ready = the database answers and every migration on disk is applied. */
export async function checkReadiness(): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((row) => row.migration_name));
  } catch {
    return { ready: false, database: "unreachable", migrations: "unknown" };
  }
  const onDisk = await migrationNamesOnDisk();
  const current = onDisk.every((name) => applied.has(name));
  return { ready: current, database: "ok", migrations: current ? "current" : "pending" };
}
