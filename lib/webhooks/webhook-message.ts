import type { WebhookEvent } from "./webhook.schema";

/**
 * What a webhook receives (docs/ci.md "Webhooks"): one message per event, as
 * Standard Webhooks JSON `{"type", "timestamp", "data"}` or, in the slack
 * format, `{"text"}` with a link (Slack's and Mattermost's incoming webhooks).
 * Built from an outbox row (lib/notifications/outbox.ts): the audit event's
 * type and data, and the release it is about. Pure.
 */

/** The parts of an outbox row a message is built from. */
export type WebhookSource = {
  kind: string;
  payload: { type?: string; subject?: { kind: string; id: string; label: string }; data?: unknown; actor?: { id: string | null; name: string }; [key: string]: unknown };
  createdAt: Date;
};

export type ReleaseFacts = { id: string; version: string; status: string; environment: { key: string; name: string }; url: string };

export type WebhookMessage = {
  type: WebhookEvent;
  timestamp: string;
  data: {
    project: { key: string; name: string };
    release: ReleaseFacts | null;
    actor: { name: string };
    role?: string;
    printedName?: string;
    meaning?: string;
    reason?: string;
    item?: { key: string; title: string; assignee: string | null; reason: string | null };
  };
};

type Data = Record<string, unknown> & { after?: Record<string, unknown>; before?: Record<string, unknown> };
const STATUS_EVENTS: Record<string, WebhookEvent> = { awaiting_signoff: "release.ready", approved: "release.approved", deployed: "release.deployed", rolled_back: "release.rolled_back" };

/** The webhook events an outbox row is (an item change may be both assigned and blocked). */
export function webhookEventsOf(source: WebhookSource): WebhookEvent[] {
  const data = (source.payload.data ?? {}) as Data;
  switch (source.kind) {
    case "release.created":
    case "signoff.signed":
    case "signoff.stale":
      return [source.kind];
    case "release.status_changed": {
      const event = STATUS_EVENTS[String(data.after?.status)];
      return event ? [event] : [];
    }
    case "item.updated": {
      const events: WebhookEvent[] = [];
      if (data.after?.assignee && data.after.assignee !== data.before?.assignee) events.push("item.assigned");
      if (data.after?.status === "blocked" && data.before?.status !== "blocked") events.push("item.blocked");
      return events;
    }
    default:
      return [];
  }
}

export function buildMessage(type: WebhookEvent, source: WebhookSource, project: { key: string; name: string }, release: ReleaseFacts | null): WebhookMessage {
  const data = (source.payload.data ?? {}) as Data;
  const message: WebhookMessage = { type, timestamp: source.createdAt.toISOString(), data: { project, release, actor: { name: source.payload.actor?.name ?? "Countersign" } } };
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (type === "signoff.signed") Object.assign(message.data, { role: text(data.after?.role), printedName: text(data.after?.printedName), meaning: text(data.after?.meaning) });
  if (type === "signoff.stale") Object.assign(message.data, { role: text(data.role), printedName: text(data.printedName), reason: text(data.reason) });
  if (type === "release.rolled_back") Object.assign(message.data, { reason: text(data.reason) });
  if (type === "item.assigned" || type === "item.blocked") {
    message.data.item = { key: String(data.itemKey ?? ""), title: String(data.itemTitle ?? ""), assignee: text(data.after?.assignee) ?? null, reason: text(data.after?.reason) ?? null };
  }
  return message;
}

/** The standard format's body. */
export const standardBody = (message: WebhookMessage): string => JSON.stringify(message);

/** Slack's mrkdwn control characters (&, <, >) escaped, so user text cannot forge a link or a mention. */
export const slackEscape = (value: string): string => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The slack format's body: one sentence and a link to the release. */
export function slackBody(message: WebhookMessage): string {
  const { data } = message;
  const release = data.release ? `${data.project.key} ${data.release.version} (${data.release.environment.name})` : data.project.name;
  const who = slackEscape(data.actor.name);
  const subject = slackEscape(release);
  const sentences: Record<WebhookEvent, () => string> = {
    "release.created": () => `${who} created ${subject}.`,
    "release.ready": () => `${subject} is ready for sign-off.`,
    "release.approved": () => `${subject} is approved.`,
    "release.deployed": () => `${subject} is deployed.`,
    "release.rolled_back": () => `${subject} was rolled back${data.reason ? `: ${slackEscape(data.reason)}` : ""}.`,
    "signoff.signed": () => `${slackEscape(data.printedName ?? who)} signed ${subject} as ${slackEscape(data.role ?? "?")}.`,
    "signoff.stale": () => `The ${slackEscape(data.role ?? "?")} signature of ${slackEscape(data.printedName ?? "?")} on ${subject} went stale${data.reason ? `: ${slackEscape(data.reason)}` : ""}.`,
    "item.assigned": () => `“${slackEscape(data.item?.title ?? "")}” on ${subject} is assigned to ${slackEscape(data.item?.assignee ?? "?")}.`,
    "item.blocked": () => `“${slackEscape(data.item?.title ?? "")}” on ${subject} is blocked${data.item?.reason ? `: ${slackEscape(data.item.reason)}` : ""}.`,
  };
  const link = data.release ? ` <${data.release.url}|Open in Countersign>` : "";
  return JSON.stringify({ text: `${sentences[message.type]()}${link}` });
}
