import "server-only";
import { db } from "../db/client";
import { type InsightWindow, insightWindow, seconds } from "./window";
import { inProject } from "./project-filter";

/**
 * How long each sign-off role keeps a release waiting: from the moment the
 * release first became ready for sign-off (its first status change to
 * "awaiting sign-off") to that role's first signature on it, stale or
 * revoked signatures included (they were given). A role that needs several
 * signers in the release's environment (a quorum, docs/decisions/023) waits
 * until the first signature of its N-th distinct signer. A signature given
 * before the release was ready counts as no wait. Releases that became ready
 * in the window; roles that have not signed yet (or not by enough people)
 * are not counted. Median and 90th percentile per role, in one aggregate.
 * Roles without a quorum (nearly all) are read from the signoffs index alone.
 */

export type SignoffWaitRow = { role: string; signatures: number; median_seconds: number | null; p90_seconds: number | null };
export type SignoffWait = { role: string; signatures: number; medianSeconds: number | null; p90Seconds: number | null };

export function shapeSignoffWait(rows: SignoffWaitRow[]): SignoffWait[] {
  return rows
    .map((row) => ({ role: row.role, signatures: row.signatures, medianSeconds: seconds(row.median_seconds), p90Seconds: seconds(row.p90_seconds) }))
    .sort((a, b) => (b.medianSeconds ?? 0) - (a.medianSeconds ?? 0) || a.role.localeCompare(b.role));
}

export async function getSignoffWait(window: InsightWindow = insightWindow()): Promise<SignoffWait[]> {
  const rows = await db.$queryRaw<SignoffWaitRow[]>`
    WITH ready AS (
      SELECT a.chain, min(a.occurred_at) AS ready_at
      FROM audit_events a
      JOIN releases r ON r.id = substr(a.chain, 9)::uuid ${inProject("r", window)}
      WHERE a.type = 'release.status_changed' AND a.occurred_at >= ${window.since}
        AND a.chain LIKE 'release:%' AND a.data -> 'after' ->> 'status' = 'awaiting_signoff'
      GROUP BY a.chain
    ), quorum_roles AS (
      SELECT r.id AS release_id, sr.name AS role, q.quorum
      FROM environment_role_quorums q
      JOIN signoff_roles sr ON sr.id = q.role_id
      JOIN releases r ON r.environment_id = q.environment_id
    ), waits AS (
      SELECT s.role, s.release_id, greatest(0, extract(epoch FROM min(s.signed_at) - min(rd.ready_at))) AS seconds
      FROM ready rd
      JOIN signoffs s ON s.release_id = substr(rd.chain, 9)::uuid
      WHERE NOT EXISTS (SELECT 1 FROM quorum_roles qr WHERE qr.release_id = s.release_id AND qr.role = s.role)
      GROUP BY s.role, s.release_id
      UNION ALL
      SELECT f.role, f.release_id, greatest(0, extract(epoch FROM f.signed_at - f.ready_at)) AS seconds
      FROM (
        SELECT s.role, s.release_id, qr.quorum, min(s.signed_at) AS signed_at, min(rd.ready_at) AS ready_at,
               row_number() OVER (PARTITION BY s.role, s.release_id ORDER BY min(s.signed_at)) AS signer_number
        FROM ready rd
        JOIN signoffs s ON s.release_id = substr(rd.chain, 9)::uuid
        JOIN quorum_roles qr ON qr.release_id = s.release_id AND qr.role = s.role
        GROUP BY s.role, s.release_id, s.signer_id, qr.quorum
      ) f
      WHERE f.signer_number = f.quorum
    )
    SELECT role, count(*)::int AS signatures,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90_seconds
    FROM waits GROUP BY role`;
  return shapeSignoffWait(rows);
}
