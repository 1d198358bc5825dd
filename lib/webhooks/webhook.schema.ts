import { z } from "zod";

/**
 * What a project's webhook may receive, and the form a maintainer fills in
 * (browser, API, CLI alike). Client-safe.
 */
export const WEBHOOK_EVENTS = [
  "release.created",
  "release.ready",
  "release.approved",
  "release.deployed",
  "release.rolled_back",
  "signoff.signed",
  "signoff.stale",
  "item.assigned",
  "item.blocked",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  "release.created": "A release is created",
  "release.ready": "A release is ready for sign-off",
  "release.approved": "A release is approved",
  "release.deployed": "A release is deployed",
  "release.rolled_back": "A release is rolled back",
  "signoff.signed": "A role signs",
  "signoff.stale": "A signature goes stale",
  "item.assigned": "An item is assigned",
  "item.blocked": "An item is blocked",
};

export const WEBHOOK_FORMATS = ["standard", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const MAX_WEBHOOKS_PER_PROJECT = 20;

export const webhookUrlSchema = z
  .string({ message: "URL is required." })
  .trim()
  .min(1, "URL is required.")
  .max(2000, "URLs are at most 2,000 characters.")
  .refine((value) => URL.canParse(value), "Enter a full URL, e.g. https://hooks.example.com/countersign.")
  .refine((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), "Webhook URLs must be http(s).")
  .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), "Put no user name or password in the URL; the signature authenticates each message.");

export const addWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { message: `Unknown event type; choose from ${WEBHOOK_EVENTS.join(", ")}.` }))
    .max(WEBHOOK_EVENTS.length)
    .default([])
    .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
  format: z.enum(WEBHOOK_FORMATS, { message: "Format must be standard or slack." }).default("standard"),
  description: z.string().trim().max(200, "Descriptions are at most 200 characters.").default(""),
});
export type AddWebhookInput = z.input<typeof addWebhookSchema>;

/** After a rotation, how long the previous secret still signs (both signatures are sent): default one day, at most a week. */
export const rotateWebhookSchema = z.object({
  overlapHours: z.coerce.number({ message: "Overlap is a number of hours." }).int("Overlap is a whole number of hours.").min(0, "Overlap is 0 to 168 hours.").max(168, "Overlap is 0 to 168 hours.").default(24),
});

/** The settings page's forms: each names its project (`project`, its key) and the webhook or delivery. */
const idOf = (message: string) =>
  z
    .string({ message })
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message)
    .transform((value) => value.toLowerCase());
export const webhookRefSchema = z.object({ webhookId: idOf("Unknown webhook.") });
export const deliveryRefSchema = z.object({ deliveryId: idOf("Unknown delivery.") });
