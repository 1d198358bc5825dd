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
  auditEvents: number | null;
  lastVerification: { ok: boolean; at: string } | null;
  uptimeSeconds: number;
};

export async function getSystemStatus(): Promise<SystemStatus> {
  const last = lastAuditVerification();
  let database: SystemStatus["database"] = "reachable";
  let auditEvents: number | null = null;
  try {
    const [row] = await db.$queryRaw<{ events: bigint }[]>`SELECT count(*) AS events FROM audit_events`;
    auditEvents = Number(row?.events ?? 0);
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
