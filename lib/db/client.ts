import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

/**
 * The one Prisma client of the process. Only lib/db/ may import Prisma
 * (enforced by the linter); use cases import `db` from here.
 */

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The connection string each client was made with, for the few readers that bypass Prisma (stream-audit-rows.ts). */
// On globalThis like the client itself: Next bundles route handlers separately, so this module can exist more than once.
const globalForMaps = globalThis as unknown as { countersignUrls?: WeakMap<PrismaClient, string>; countersignPoolOf?: WeakMap<PrismaClient, pg.Pool> };
const urls = (globalForMaps.countersignUrls ??= new WeakMap<PrismaClient, string>());
const poolOf = (globalForMaps.countersignPoolOf ??= new WeakMap<PrismaClient, pg.Pool>());

export function createDb(connectionString: string, max = Number(process.env.DATABASE_POOL_MAX ?? 10)): PrismaClient {
  const pool = new pg.Pool({
    connectionString,
    max,
    // A refused connection (database down) fails at once; this bounds the wait
    // for a silent network and for a free connection when the pool is busy.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Our own pool (ended with the client) so the metrics can read its counts and the hot paths can use it directly (sql.ts).
  pools.add(pool);
  // An idle connection dropped by the server (restart, outage) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // Interactive transactions wait up to 10 s for a connection under load instead of Prisma's 2 s.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  urls.set(client, connectionString);
  poolOf.set(client, pool);
  return client;
}

const globalForDb = globalThis as unknown as { countersignDb?: PrismaClient; countersignPools?: Set<pg.Pool> };
const pools = (globalForDb.countersignPools ??= new Set<pg.Pool>());

/** Connections of this process's database pools: open, idle, and queries waiting for one (for /api/metrics). */
export function poolStats(): { total: number; idle: number; waiting: number } {
  const stats = { total: 0, idle: 0, waiting: 0 };
  for (const pool of pools) {
    if (pool.ended) {
      pools.delete(pool);
      continue;
    }
    stats.total += pool.totalCount;
    stats.idle += pool.idleCount;
    stats.waiting += pool.waitingCount;
  }
  return stats;
}

function lazyDb(): PrismaClient {
  if (!globalForDb.countersignDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides it.");
    globalForDb.countersignDb = createDb(url);
  }
  return globalForDb.countersignDb;
}

/** Lazily connects on first use, so importing this module never touches the network (e.g. during `next build`). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = lazyDb();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/** The pg pool behind the shared client: the same connections and limits, for the hot paths that skip Prisma (sql.ts). */
export function currentPool(): pg.Pool {
  const pool = poolOf.get(lazyDb());
  if (!pool) throw new Error("The database client was not made by createDb.");
  return pool;
}

/** The connection string of the shared client (after setDb, the one it was made with). */
export function currentDatabaseUrl(): string {
  const client = lazyDb();
  const url = urls.get(client) ?? process.env.DATABASE_URL;
  if (!url) throw new Error("The database client was not made by createDb and DATABASE_URL is not set.");
  return url;
}

/** Tests and the CLI point the shared client at their own database. */
export function setDb(client: PrismaClient): void {
  globalForDb.countersignDb = client;
}

export { Prisma } from "./generated/client";
export type { AppRole, ItemStatus, ProjectRole, ReleaseStatus } from "./generated/client";
