/**
 * Everything the worker runs (graphile-worker, docs/decisions/025): the tasks
 * by name, the channels deliveries go out on, and the recurring jobs. To add
 * a channel, register its DeliveryChannel in CHANNELS (see the note at the top
 * of lib/notifications/deliveries.ts).
 */
import type { CronItem, TaskList } from "graphile-worker";
import { z } from "zod";
import type { DeliveryChannel } from "../notifications/deliveries";
import { SEND_TASK } from "../notifications/deliveries";
import { FAN_OUT_TASK } from "../notifications/outbox";
import { fanOut } from "../notifications/fan-out";
import { sendDelivery } from "./send-delivery";
import { GITHUB_REVIEW_CHANNEL, githubReviewChannel } from "../github/github-review-channel";
import { WEBHOOK_CHANNEL, webhookChannel } from "../webhooks/webhook-channel";
import { queueDueReminders, REMINDER_TASK } from "../notifications/reminders";
import { DIGEST_TASK, queueDigests } from "../notifications/digest";
import { emailChannel } from "../notifications/mail";

/** Deliveries' channels by name (the `channel` column). */
export const CHANNELS: Record<string, DeliveryChannel> = {
  email: emailChannel,
  [WEBHOOK_CHANNEL]: webhookChannel,
  [GITHUB_REVIEW_CHANNEL]: githubReviewChannel,
};

const outboxPayload = z.object({ outboxId: z.union([z.string(), z.number()]).transform(String) });
const deliveryPayload = z.object({ deliveryId: z.string().uuid() });

export const TASKS: TaskList = {
  [FAN_OUT_TASK]: async (payload) => {
    await fanOut(outboxPayload.parse(payload).outboxId);
  },
  [SEND_TASK]: async (payload) => {
    await sendDelivery(deliveryPayload.parse(payload).deliveryId, CHANNELS);
  },
  [REMINDER_TASK]: async () => {
    await queueDueReminders();
  },
  [DIGEST_TASK]: async () => {
    await queueDigests();
  },
};

/** Recurring jobs (graphile-worker's cron; at most one run per slot across every worker). */
export const CRON_ITEMS: CronItem[] = [
  // Every minute; a missed minute is not backfilled (the next run sees the same waits).
  { task: REMINDER_TASK, match: "* * * * *", identifier: REMINDER_TASK, options: { backfillPeriod: 0, maxAttempts: 1 } },
  // Daily at 07:00 UTC; after downtime the missed one still runs (within 12 h).
  { task: DIGEST_TASK, match: "0 7 * * *", identifier: DIGEST_TASK, options: { backfillPeriod: 12 * 60 * 60_000, maxAttempts: 3 } },
];
