import type { Sql } from "../db/sql";
import type { AuditEventData } from "../audit/event-types";
import { releasePath } from "../projects/paths";
import type { NotificationCategory } from "./categories";
import type { OutboxRow } from "./fan-out";
import { holdersToSign, waitingRoles } from "./waiting-roles";

/**
 * Who is told what about one outbox row (issue 12's list): each notice has a
 * category, its recipients (decided per project, never the person who did
 * it), a title, a body (what changed), and the path of the exact release
 * (and role). Plain text: every channel escapes it for its own format.
 */
export type Notice = {
  category: NotificationCategory;
  userIds: string[];
  title: string;
  body: string;
  path: string;
  releaseId: string | null;
  /** The role a notice is about (ready, stale, reminder): emails link to it, reminders are dropped once it is signed. */
  role?: string;
};

const OUTCOME_WORDS: Record<string, string> = { approved: "approved", deployed: "deployed", rolled_back: "rolled back" };

type ReleaseFacts = { key: string; label: string; projectId: string };

async function releaseFacts(sql: Sql, releaseId: string): Promise<ReleaseFacts | null> {
  const [row] = await sql.query<ReleaseFacts>(
    `SELECT p.key, e.name || ' ' || r.version AS label, r.project_id::text AS "projectId"
     FROM releases r JOIN projects p ON p.id = r.project_id JOIN environments e ON e.id = r.environment_id WHERE r.id = $1::uuid`,
    [releaseId],
  );
  return row ?? null;
}

async function maintainers(sql: Sql, projectId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT u.id::text FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1::uuid AND m.role = 'maintainer' AND u.disabled_at IS NULL`,
    [projectId],
  );
  return rows.map((row) => row.id);
}

async function signers(sql: Sql, releaseId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT DISTINCT s.signer_id::text AS id FROM signoffs s JOIN users u ON u.id = s.signer_id WHERE s.release_id = $1::uuid AND u.disabled_at IS NULL`,
    [releaseId],
  );
  return rows.map((row) => row.id);
}

export const roleAnchor = (path: string, role: string) => `${path}?role=${encodeURIComponent(role)}#signoffs`;

/** How long, in words: "4 h", "1 h 30 min", "2 days". */
export function waitedFor(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes >= 2 * 24 * 60) return `${Math.floor(minutes / (24 * 60))} days`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export async function composeNotices(sql: Sql, row: OutboxRow): Promise<Notice[]> {
  const releaseId = row.releaseId;
  if (!releaseId) return [];
  const release = await releaseFacts(sql, releaseId);
  if (!release) return [];
  const path = releasePath(release.key, releaseId);
  const actor = row.payload.actor?.name ?? "Someone";
  const notices: Notice[] = [];
  switch (row.kind) {
    case "item.updated": {
      const data = row.payload.data as AuditEventData<"item.updated">;
      if (data.after.assignee !== null && data.after.assignee !== data.before.assignee && row.payload.assigneeId) {
        notices.push({ category: "assigned", userIds: [row.payload.assigneeId], title: `You were assigned “${data.itemTitle}”`, body: `${release.label}: ${actor} assigned it to you.`, path, releaseId });
      }
      if (data.after.status === "blocked" && data.before.status !== "blocked") {
        notices.push({ category: "blocked", userIds: await maintainers(sql, release.projectId), title: `“${data.itemTitle}” is blocked on ${release.label}`, body: `${actor}: ${data.after.reason ?? "no reason given"}`, path, releaseId });
      }
      break;
    }
    case "release.status_changed": {
      const data = row.payload.data as AuditEventData<"release.status_changed">;
      if (data.after.status === "awaiting_signoff") {
        for (const waiting of await waitingRoles(sql, [releaseId])) {
          notices.push({ category: "ready", userIds: await holdersToSign(sql, waiting), title: `${release.label} is ready for your signature as ${waiting.role}`, body: `Every required item is done or not applicable; the release waits for ${waiting.role}.`, path: roleAnchor(path, waiting.role), releaseId, role: waiting.role });
        }
      } else if (OUTCOME_WORDS[data.after.status]) {
        const word = OUTCOME_WORDS[data.after.status]!;
        const userIds = [...new Set([...(await maintainers(sql, release.projectId)), ...(await signers(sql, releaseId))])];
        const why = [data.reason, data.rollbackTrigger ? `trigger: ${data.rollbackTrigger}` : undefined].filter(Boolean).join("; ");
        notices.push({ category: "outcome", userIds, title: `${release.label} was ${word}`, body: why ? `${actor}: ${why}` : `By ${actor}.`, path, releaseId });
      }
      break;
    }
    case "signoff.stale": {
      const data = row.payload.data as AuditEventData<"signoff.stale">;
      const [signer] = await sql.query<{ id: string }>(
        `SELECT s.signer_id::text AS id FROM signoffs s WHERE s.release_id = $1::uuid AND s.role = $2 AND s.status = 'stale' ORDER BY s.stale_at DESC LIMIT 1`,
        [releaseId, data.role],
      );
      if (signer) notices.push({ category: "stale", userIds: [signer.id], title: `Your signature as ${data.role} on ${release.label} went stale`, body: data.reason, path: roleAnchor(path, data.role), releaseId, role: data.role });
      break;
    }
    case "reminder":
    case "escalation": {
      const role = String(row.payload.role);
      const [waiting] = (await waitingRoles(sql, [releaseId])).filter((entry) => entry.role === role);
      if (!waiting) break;
      // The intervals it had waited when the reminder was due (the clock of the reminder run, not of this fan-out).
      const waited = waitedFor(Number(row.payload.interval ?? 1) * waiting.reminderIntervalMinutes * 60_000);
      if (row.kind === "reminder") {
        notices.push({ category: "reminder", userIds: await holdersToSign(sql, waiting), title: `Reminder: ${release.label} has waited ${waited} for ${role}`, body: `It is ready for your signature as ${role}.`, path: roleAnchor(path, role), releaseId, role });
      } else {
        notices.push({ category: "reminder", userIds: await maintainers(sql, release.projectId), title: `${release.label} still waits for ${role} after ${waited}`, body: `Nobody holding ${role} has signed after a reminder; you maintain this project.`, path: roleAnchor(path, role), releaseId, role });
      }
      break;
    }
    default:
      break;
  }
  // Never tell people what they did themselves.
  return notices.map((notice) => ({ ...notice, userIds: [...new Set(notice.userIds)].filter((id) => id !== row.actorId) })).filter((notice) => notice.userIds.length > 0);
}
