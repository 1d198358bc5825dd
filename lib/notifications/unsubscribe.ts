import "server-only";
import { AppError } from "../errors/app-error";
import { CATEGORY_LABELS, type NotificationCategory } from "./categories";
import { unsubscribeSchema } from "./preferences.schema";
import { turnOffEmail } from "./save-preferences";
import { checkUnsubscribeSignature } from "./unsubscribe-token";

/** Checks an unsubscribe link's fields and signature; the category it names. Refuses a link that is incomplete, altered, or for someone else. */
export function readUnsubscribeLink(raw: Record<string, unknown>): { userId: string; category: NotificationCategory; label: string } {
  const parsed = unsubscribeSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "This unsubscribe link is not valid.");
  const { u, c, s } = parsed.data;
  if (!checkUnsubscribeSignature(u, c, s)) throw new AppError("BAD_REQUEST", "This unsubscribe link is not valid (it was changed, or made for another server).");
  return { userId: u, category: c, label: CATEGORY_LABELS[c].title };
}

/** Turns off the email of the link's category for the link's person. */
export async function unsubscribe(raw: Record<string, unknown>): Promise<{ category: NotificationCategory; label: string }> {
  const link = readUnsubscribeLink(raw);
  await turnOffEmail(link.userId, link.category);
  return { category: link.category, label: link.label };
}
