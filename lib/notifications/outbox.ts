import type { Sql } from "../db/sql";
import type { AuditEventData, AuditEventType, AuditSubject } from "../audit/event-types";
import { JOB_SCHEMA } from "../jobs/install";

/**
 * The outbox (docs/decisions/025): every notifiable audit event writes one row
 * here, and queues the job that fans it out, in the same transaction as the
 * event (appendAuditEvent calls writeOutbox). A rolled-back change leaves
 * neither. Delivery itself runs later, in the worker: never in the writer's
 * transaction.
 *
 * Plain ticks are not notifiable (only assignment and blocking are), so the
 * hot path stays one statement shorter and free of the queue's NOTIFY.
 */
export const FAN_OUT_TASK = "notifications.fan_out";

/**
 * The release statuses that notify: ready for sign-off, and the outcomes. A
 * cancellation tells no person (compose.ts has no words for it) but answers
 * GitHub's waiting deployment reviews (lib/github/github-review-channel.ts).
 */
const NOTIFYING_STATUSES = new Set(["awaiting_signoff", "approved", "deployed", "rolled_back", "cancelled"]);

type Event = { type: AuditEventType; subject: AuditSubject; data: unknown };

/** Whether an audit event goes to the outbox. Pure: the hot path calls it for every event. */
export function isNotifiable(event: Event): boolean {
  switch (event.type) {
    case "item.updated": {
      const { before, after } = event.data as AuditEventData<"item.updated">;
      return (after.assignee !== null && after.assignee !== before.assignee) || (after.status === "blocked" && before.status !== "blocked");
    }
    case "release.status_changed":
      return NOTIFYING_STATUSES.has((event.data as AuditEventData<"release.status_changed">).after.status);
    case "signoff.stale":
    case "signoff.signed":
    case "release.created":
      return true;
    default:
      return false;
  }
}

/**
 * Writes the outbox row of an appended event and queues its fan-out, in one
 * statement of the caller's transaction. Release events carry their project
 * and release; an item's event also the assignee's id after the change (read
 * in the same transaction, so it is exactly the one the event names).
 */
export async function writeOutbox(sql: Sql, event: Event & { chain: string; seq: number; actorId: string | null; actorName: string }): Promise<void> {
  const releaseId = event.subject.kind === "release" ? event.subject.id : null;
  const itemKey = event.type === "item.updated" ? (event.data as AuditEventData<"item.updated">).itemKey : null;
  const payload = { type: event.type, subject: event.subject, data: event.data, actor: { id: event.actorId, name: event.actorName } };
  await sql.query(
    `WITH o AS (
       INSERT INTO notification_outbox (kind, audit_chain, audit_seq, project_id, release_id, actor_id, payload)
       SELECT $1, $2, $3, r.project_id, r.id, $5::uuid,
              $6::jsonb || jsonb_build_object('assigneeId', (SELECT assignee_id FROM item_states WHERE release_id = r.id AND item_key = $7))
       FROM (SELECT $4::uuid AS rid) p LEFT JOIN releases r ON r.id = p.rid
       RETURNING id
     )
     SELECT 1 AS queued FROM o, LATERAL ${JOB_SCHEMA}.add_job($8, json_build_object('outboxId', o.id), max_attempts := 10) j`,
    [event.type, event.chain, event.seq, releaseId, event.actorId, JSON.stringify(payload), itemKey, FAN_OUT_TASK],
  );
}
