"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import { contactsSchema, setItemStateSchema } from "@/lib/releases/release.schema";
import { setItemState } from "@/lib/releases/set-item-state";
import { updateContacts } from "@/lib/releases/update-contacts";

const STATUS_WORDS = { open: "open", done: "done", na: "not applicable", blocked: "blocked" } as const;

/**
 * The item form's fields as the use case wants them: evidence links one per
 * line, "" for "nobody assigned" and an empty reason left out. Fields the
 * form does not send (a tick sends only the status) stay as they are.
 */
const itemFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (typeof input.evidenceLinks === "string") {
    input.evidenceLinks = input.evidenceLinks
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (input.assigneeId === "") input.assigneeId = null;
  if (typeof input.reason === "string" && input.reason.trim() === "") delete input.reason;
  return input;
}, setItemStateSchema);

/** Ticks, unticks or edits one item, based on the item version the browser has; returns the new item and progress. */
export const setItemStateAction = validatedAction({ name: "setItemState", permission: "item:update", schema: itemFormSchema }, async (input, context) => {
  const result = await setItemState(context, input);
  return { message: `Saved: the item is ${STATUS_WORDS[result.item.status]}.`, data: result };
});

/** The form sends parallel lists (role[], name[], phone[], email[]), one entry per contact role. */
const contactsFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const input = raw as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(input[key]) ? (input[key] as unknown[]) : []);
  const roles = list("role[]");
  return {
    releaseId: input.releaseId,
    contacts: roles.map((role, index) => ({
      role,
      name: list("name[]")[index] ?? "",
      phone: list("phone[]")[index] ?? "",
      email: list("email[]")[index] ?? "",
    })),
  };
}, contactsSchema);

export const updateContactsAction = validatedAction({ name: "updateContacts", permission: "item:update", schema: contactsFormSchema }, async (input, context) => {
  const contacts = await updateContacts(context, input);
  // The form resets to the saved values at once, not to what the page had before.
  revalidatePath(`/releases/${input.releaseId}`);
  return { message: "Saved the contacts.", data: contacts };
});
