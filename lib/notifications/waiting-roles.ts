import type { Sql } from "../db/sql";
import { signoffRoleNames } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { quorumOf, type RoleQuorums } from "../signoffs/quorum";

/**
 * The roles releases ready for sign-off are waiting on: a role the release's
 * template names that has fewer live signatures than its quorum, with the
 * moment it started waiting (the release's latest change to "awaiting
 * sign-off", or later the role's latest signature going stale or revoked).
 * The one rule behind "ready for your signature", reminders and "Waiting for me".
 */
export type WaitingRole = {
  releaseId: string;
  projectId: string;
  projectKey: string;
  label: string;
  role: string;
  readySince: Date;
  reminderIntervalMinutes: number;
};

type ReleaseRow = { id: string; project_id: string; key: string; label: string; template_version_id: string; environment_id: string; ready_at: Date | null; created_at: Date; interval: number };

export async function waitingRoles(sql: Sql, releaseIds: string[] | null = null): Promise<WaitingRole[]> {
  const releases = await sql.query<ReleaseRow>(
    `SELECT r.id::text, r.project_id::text, p.key, e.name || ' ' || r.version AS label, r.template_version_id::text, r.environment_id::text, r.created_at,
            p.reminder_interval_minutes AS interval,
            (SELECT max(a.occurred_at) FROM audit_events a WHERE a.chain = 'release:' || r.id::text AND a.type = 'release.status_changed'
               AND a.data -> 'after' ->> 'status' = 'awaiting_signoff') AS ready_at
     FROM releases r JOIN projects p ON p.id = r.project_id JOIN environments e ON e.id = r.environment_id
     WHERE r.status = 'awaiting_signoff' AND ($1::uuid[] IS NULL OR r.id = ANY($1::uuid[]))`,
    [releaseIds],
  );
  if (releases.length === 0) return [];
  const ids = releases.map((release) => release.id);
  const signatures = await sql.query<{ release_id: string; role: string; live: number; ended_at: Date | null }>(
    `SELECT release_id::text, role, count(*) FILTER (WHERE status = 'active')::int AS live, max(coalesce(stale_at, revoked_at)) AS ended_at
     FROM signoffs WHERE release_id = ANY($1::uuid[]) GROUP BY release_id, role`,
    [ids],
  );
  const quorumRows = await sql.query<{ environment_id: string; role: string; quorum: number }>(
    `SELECT q.environment_id::text, sr.name AS role, q.quorum FROM environment_role_quorums q JOIN signoff_roles sr ON sr.id = q.role_id
     WHERE q.environment_id = ANY($1::uuid[])`,
    [[...new Set(releases.map((release) => release.environment_id))]],
  );
  const quorums = new Map<string, RoleQuorums>();
  for (const row of quorumRows) (quorums.get(row.environment_id) ?? quorums.set(row.environment_id, {}).get(row.environment_id)!)[row.role] = row.quorum;
  const byRole = new Map(signatures.map((row) => [`${row.release_id}\u0000${row.role}`, row]));
  const waiting: WaitingRole[] = [];
  for (const release of releases) {
    const document = await loadTemplateDocument(release.template_version_id);
    for (const role of signoffRoleNames(document)) {
      const signed = byRole.get(`${release.id}\u0000${role}`);
      if ((signed?.live ?? 0) >= quorumOf(quorums.get(release.environment_id), role)) continue;
      const readyAt = release.ready_at ?? release.created_at;
      const readySince = signed?.ended_at && signed.ended_at > readyAt ? signed.ended_at : readyAt;
      waiting.push({ releaseId: release.id, projectId: release.project_id, projectKey: release.key, label: release.label, role, readySince, reminderIntervalMinutes: release.interval });
    }
  }
  return waiting;
}

/** The active users holding `role` in the project who have no live signature for it on the release yet. */
export async function holdersToSign(sql: Sql, entry: { releaseId: string; projectId: string; role: string }): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT u.id::text FROM user_signoff_roles ur JOIN signoff_roles sr ON sr.id = ur.role_id JOIN users u ON u.id = ur.user_id
     WHERE ur.project_id = $1::uuid AND sr.name = $2 AND u.disabled_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM signoffs s WHERE s.release_id = $3::uuid AND s.role = $2 AND s.signer_id = u.id AND s.status = 'active')`,
    [entry.projectId, entry.role, entry.releaseId],
  );
  return rows.map((row) => row.id);
}
