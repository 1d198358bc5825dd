"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { checkbox, formAction, list, type FormFields } from "@/app/_lib/form-action";
import { markRead } from "@/lib/notifications/inbox";
import { markReadSchema } from "@/lib/notifications/inbox.schema";
import { savePreferences } from "@/lib/notifications/save-preferences";
import { savePreferencesSchema } from "@/lib/notifications/preferences.schema";

export const markReadAction = formAction(validatedAction({ name: "markRead", permission: "notifications:manage", schema: markReadSchema }, async (input, context) => {
  const changed = await markRead(context.user.id, "all" in input ? "all" : { ids: [input.id] });
  revalidatePath("/inbox");
  return { message: changed === 0 ? "Nothing was unread." : changed === 1 ? "Marked as read." : `Marked ${changed} notifications as read.` };
}));

/** The preferences form: a checkbox per category and channel (`on[]`, "category.channel"), and the digest checkbox. */
const decodePreferences = (fields: FormFields) => ({ on: list(fields, "on"), emailDigest: checkbox(fields, "emailDigest") });

export const savePreferencesAction = formAction(validatedAction({ name: "savePreferences", permission: "notifications:manage", schema: savePreferencesSchema }, async (input, context) => {
  await savePreferences(context.user.id, input);
  revalidatePath("/inbox/preferences");
  return { message: "Saved your notification settings." };
}), decodePreferences);
