import { db } from "../../../lib/db/client";

/**
 * What any write leaves a trace in: the newest audit event (every state
 * change commits with one), the row counts of every table a use case
 * inserts into, and the sum of item versions (every item change bumps one).
 * Sign-in throttles and a token's last-used time are bookkeeping a refused
 * request may legitimately touch, so they are left out.
 */
export type WriteSnapshot = Record<string, string>;

export async function writeSnapshot(): Promise<WriteSnapshot> {
  const [row] = await db.$queryRaw<WriteSnapshot[]>`
    SELECT (SELECT coalesce(max(id), 0) FROM audit_events)::text AS audit_head,
           (SELECT count(*) FROM audit_events)::text AS audit_events,
           (SELECT count(*) FROM users)::text AS users,
           (SELECT coalesce(sum(session_version), 0) FROM users)::text AS session_versions,
           (SELECT count(*) FROM user_signoff_roles)::text AS user_signoff_roles,
           (SELECT count(*) FROM projects)::text AS projects,
           (SELECT count(*) FROM project_members)::text AS project_members,
           (SELECT count(*) FROM auditor_projects)::text AS auditor_projects,
           (SELECT count(*) FROM signoff_roles)::text AS signoff_roles,
           (SELECT count(*) FROM templates)::text AS templates,
           (SELECT count(*) FROM template_versions)::text AS template_versions,
           (SELECT count(*) FROM environments)::text AS environments,
           (SELECT count(*) FROM environment_gates)::text AS environment_gates,
           (SELECT count(*) FROM releases)::text AS releases,
           (SELECT count(*) FROM item_states)::text AS item_states,
           (SELECT coalesce(sum(version), 0) FROM item_states)::text AS item_versions,
           (SELECT count(*) FROM api_tokens)::text AS api_tokens,
           (SELECT count(*) FROM api_tokens WHERE revoked_at IS NOT NULL)::text AS revoked_tokens,
           (SELECT count(*) FROM signoffs)::text AS signoffs,
           (SELECT count(*) FROM signoffs WHERE status <> 'active')::text AS inactive_signoffs,
           (SELECT count(*) FROM release_view_states)::text AS release_view_states,
           (SELECT coalesce(max(updated_at)::text, '') FROM release_view_states) AS release_view_states_changed`;
  return row!;
}
