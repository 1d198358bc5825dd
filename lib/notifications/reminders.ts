import { sqlTransaction } from "../db/sql";
import { JOB_SCHEMA } from "../jobs/install";
import { FAN_OUT_TASK } from "./outbox";
import { waitingRoles } from "./waiting-roles";

/**
 * Reminders (run by graphile-worker's cron every minute, lib/jobs/tasks.ts):
 * a role that has kept a ready release waiting for n whole reminder intervals
 * of its project (default 4 h) gets reminder n, once (the outbox's dedupe
 * key); after two intervals the project's maintainers hear once (the
 * escalation). Only the current interval counts: a worker that was down for
 * several sends one reminder, not a backlog. A role that has signed waits no
 * more, so its reminders stop; one already queued is dropped at delivery.
 * `now` is the clock (tests move it).
 */
export const REMINDER_TASK = "notifications.reminders";

export async function queueDueReminders(now: Date = new Date()): Promise<{ reminders: number; escalations: number }> {
  return sqlTransaction(async (sql) => {
    const counts = { reminders: 0, escalations: 0 };
    for (const waiting of await waitingRoles(sql)) {
      const intervals = Math.floor((now.getTime() - waiting.readySince.getTime()) / (waiting.reminderIntervalMinutes * 60_000));
      if (intervals < 1) continue;
      const since = waiting.readySince.toISOString();
      const due = [{ kind: "reminder", key: `reminder:${waiting.releaseId}:${waiting.role}:${since}:${intervals}` }];
      if (intervals >= 2) due.push({ kind: "escalation", key: `escalation:${waiting.releaseId}:${waiting.role}:${since}` });
      for (const entry of due) {
        const queued = await sql.query(
          `WITH o AS (
             INSERT INTO notification_outbox (kind, project_id, release_id, payload, dedupe_key)
             VALUES ($1, $2::uuid, $3::uuid, $4::jsonb, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
           )
           SELECT 1 AS queued FROM o, LATERAL ${JOB_SCHEMA}.add_job($6, json_build_object('outboxId', o.id), max_attempts := 10) j`,
          [entry.kind, waiting.projectId, waiting.releaseId, JSON.stringify({ role: waiting.role, interval: intervals, readySince: since, actor: { id: null, name: "Countersign" } }), entry.key, FAN_OUT_TASK],
        );
        if (queued.length) counts[entry.kind === "reminder" ? "reminders" : "escalations"] += 1;
      }
    }
    return counts;
  });
}
