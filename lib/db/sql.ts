import type pg from "pg";
import { currentPool, type Tx } from "./client";

/**
 * Plain SQL on the app's own pool, for the few hot paths where Prisma's
 * per-query cost dominated (ADR 013: 1–5 ms of CPU per query, against
 * 0.1 ms here). Same connections, limits and database as `db`; everything
 * else keeps using Prisma.
 */
export type Sql = { query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]> };

export async function sqlQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]> {
  return (await currentPool().query<T>(text, values)).rows;
}

/** Runs `body` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function sqlTransaction<T>(body: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await currentPool().connect();
  let broken: unknown;
  try {
    await client.query("BEGIN");
    const sql: Sql = { query: async (text, values) => (await client.query(text, values)).rows };
    const result = await body(sql);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is discarded, not reused.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/**
 * The same statements inside either kind of transaction: a plain-SQL one as
 * is, a Prisma one through its raw query. Code shared by both paths (the audit
 * append, marking sign-offs stale) is written once, in SQL.
 */
export function sqlOf(tx: Tx | Sql): Sql {
  if ("$queryRawUnsafe" in tx) return { query: (text, values = []) => tx.$queryRawUnsafe(text, ...values) };
  return tx;
}
