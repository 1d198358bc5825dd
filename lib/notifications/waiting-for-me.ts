import "server-only";
import { sqlQuery } from "../db/sql";
import { allItems } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { releasePath } from "../projects/paths";
import type { SessionUser } from "../auth/session-user";
import { signoffRolesIn } from "../auth/session-user";
import { readableProjectIds } from "../auth/permissions";
import { LOCKED_STATUSES } from "../releases/release-status";
import { roleAnchor } from "./compose";
import { waitingRoles } from "./waiting-roles";

/**
 * "Waiting for me", what a signer opens each morning: the open or blocked
 * items assigned to me on releases still being worked on, and the roles I
 * hold (in that release's project) that a release ready for sign-off waits
 * on and I have not signed; oldest first.
 */
export type WaitingEntry =
  | { kind: "item"; since: Date; releaseLabel: string; projectKey: string; path: string; itemTitle: string; status: "open" | "blocked" }
  | { kind: "role"; since: Date; releaseLabel: string; projectKey: string; path: string; role: string };

export async function waitingForMe(user: Pick<SessionUser, "id" | "appRole" | "projects" | "signoffRoles" | "auditorProjectIds">): Promise<WaitingEntry[]> {
  const readable = readableProjectIds(user);
  const visible = (projectId: string) => readable === "all" || readable.includes(projectId);
  const items = await sqlQuery<{ item_key: string; status: "open" | "blocked"; since: Date; release_id: string; project_id: string; key: string; label: string; template_version_id: string }>(
    `SELECT i.item_key, i.status, coalesce(i.updated_at, r.created_at) AS since, r.id::text AS release_id, r.project_id::text, p.key,
            e.name || ' ' || r.version AS label, r.template_version_id::text
     FROM item_states i JOIN releases r ON r.id = i.release_id JOIN projects p ON p.id = r.project_id JOIN environments e ON e.id = r.environment_id
     WHERE i.assignee_id = $1::uuid AND i.status IN ('open', 'blocked') AND NOT (r.status::text = ANY($2::text[]))
     ORDER BY since LIMIT 200`,
    [user.id, [...LOCKED_STATUSES]],
  );
  const entries: WaitingEntry[] = [];
  for (const row of items) {
    if (!visible(row.project_id)) continue;
    const document = await loadTemplateDocument(row.template_version_id);
    const title = allItems(document).find(({ item }) => item.key === row.item_key)?.item.title ?? row.item_key;
    entries.push({ kind: "item", since: row.since, releaseLabel: row.label, projectKey: row.key, path: releasePath(row.key, row.release_id), itemTitle: title, status: row.status });
  }
  if (user.signoffRoles.length) {
    const signed = await sqlQuery<{ release_id: string; role: string }>(`SELECT release_id::text, role FROM signoffs WHERE signer_id = $1::uuid AND status = 'active'`, [user.id]);
    const mine = new Set(signed.map((row) => `${row.release_id}\u0000${row.role}`));
    for (const waiting of await waitingRoles({ query: sqlQuery })) {
      if (!visible(waiting.projectId) || !signoffRolesIn(user, waiting.projectId).includes(waiting.role) || mine.has(`${waiting.releaseId}\u0000${waiting.role}`)) continue;
      entries.push({ kind: "role", since: waiting.readySince, releaseLabel: waiting.label, projectKey: waiting.projectKey, path: roleAnchor(releasePath(waiting.projectKey, waiting.releaseId), waiting.role), role: waiting.role });
    }
  }
  return entries.sort((a, b) => a.since.getTime() - b.since.getTime());
}
