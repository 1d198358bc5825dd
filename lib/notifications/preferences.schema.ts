import { z } from "zod";
import { NOTIFICATION_CATEGORIES, PERSONAL_CHANNELS } from "./categories";

/**
 * The preferences form, decoded (app/(app)/inbox/preferences): the
 * combinations left on, as "category.channel" names (a checkbox each; absent
 * = off), and the digest choice.
 */
const combination = z.string().refine((value) => {
  const [category, channel, ...rest] = value.split(".");
  return rest.length === 0 && (NOTIFICATION_CATEGORIES as readonly string[]).includes(category ?? "") && (PERSONAL_CHANNELS as readonly string[]).includes(channel ?? "");
}, { message: "Choose categories and channels from the list." });

export const savePreferencesSchema = z.object({
  on: z.array(combination).max(NOTIFICATION_CATEGORIES.length * PERSONAL_CHANNELS.length, { message: "Too many choices." }).default([]),
  emailDigest: z.boolean().default(false),
});
export type SavePreferencesInput = z.input<typeof savePreferencesSchema>;

/** An unsubscribe link's fields: who, which category, and the signature over both. */
export const unsubscribeSchema = z.object({
  u: z.uuid({ message: "This unsubscribe link is incomplete." }),
  c: z.enum(NOTIFICATION_CATEGORIES, { message: "This unsubscribe link names no known category." }),
  s: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: "This unsubscribe link's signature is malformed." }),
});
export type UnsubscribeInput = z.infer<typeof unsubscribeSchema>;
