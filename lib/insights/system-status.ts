import "server-only";
import { db } from "../db/client";
import { lastAuditVerification } from "../observability/metrics";

/**
 * The health page's current-state tiles: does the database answer, how many
 * audit events it holds, the last whole-trail verification this instance ran
 * (in memory: none after a restart), and how long this instance has run.
 */
export type SystemStatus = {
  database: "reachable" | "unreachable";
  /** Exact below 100,000 events; above, PostgreSQL's estimate (counting a million rows takes a third of a second). */
  auditEvents: { count: number; estimated: boolean } | null;
  lastVerification: { ok: boolean; at: string } | null;
  uptimeSeconds: number;
};

export async function getSystemStatus(): Promise<SystemStatus> {
  const last = lastAuditVerification();
  let database: SystemStatus["database"] = "reachable";
  let auditEvents: SystemStatus["auditEvents"] = null;
  try {
    const [row] = await db.$queryRaw<{ events: bigint; estimated: boolean }[]>`
      WITH estimate AS (SELECT greatest(reltuples, 0)::bigint AS events FROM pg_class WHERE oid = 'audit_events'::regclass)
      SELECT CASE WHEN e.events < 100000 THEN (SELECT count(*) FROM audit_events) ELSE e.events END AS events, e.events >= 100000 AS estimated
      FROM estimate e`;
    auditEvents = { count: Number(row?.events ?? 0), estimated: row?.estimated ?? false };
  } catch {
    database = "unreachable";
  }
  return {
    database,
    auditEvents,
    lastVerification: last ? { ok: last.ok, at: last.at.toISOString() } : null,
    uptimeSeconds: Math.round(process.uptime()),
  };
}
