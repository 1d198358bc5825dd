/**
 * What Countersign tells people about, and on which channels (issue 12). One
 * place for the names: preferences, the inbox, emails and the fan-out use
 * these. Client-safe (no server code).
 */
export const NOTIFICATION_CATEGORIES = ["assigned", "ready", "stale", "outcome", "blocked", "reminder"] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<NotificationCategory, { title: string; description: string }> = {
  assigned: { title: "Assigned to you", description: "An item of a release is assigned to you." },
  ready: { title: "Ready for your signature", description: "A release is ready for the sign-off of a role you hold." },
  stale: { title: "Your signature went stale", description: "Something your signature covered changed; it says what." },
  outcome: { title: "Approved, deployed or rolled back", description: "A release you signed, or of a project you maintain, was approved, deployed or rolled back." },
  blocked: { title: "Blocked items", description: "An item of a project you maintain is blocked." },
  reminder: { title: "Reminders", description: "A role you hold keeps a ready release waiting; maintainers hear when it keeps waiting a second interval." },
};

/** The channels a person chooses between (webhooks are per project, not per person). */
export const PERSONAL_CHANNELS = ["inapp", "email"] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];
export const CHANNEL_LABELS: Record<PersonalChannel, string> = { inapp: "In the app", email: "Email" };

export const isNotificationCategory = (value: string): value is NotificationCategory => (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
