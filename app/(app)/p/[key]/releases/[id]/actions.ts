"use server";

import { revalidatePath } from "next/cache";
import { formAction, type FormFields, list, text } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import { releasePath } from "@/lib/projects/paths";
import { contactsSchema, setItemStateSchema, setOpenSectionsSchema } from "@/lib/releases/release.schema";
import { applyItemChange } from "@/lib/releases/set-item-state";
import { setOpenSections } from "@/lib/releases/set-open-sections";
import { updateContacts } from "@/lib/releases/update-contacts";

const STATUS_WORDS = { open: "open", done: "done", na: "not applicable", blocked: "blocked" } as const;

/**
 * The item form's fields as the use case wants them: evidence links one per
 * line, "" for "nobody assigned" and an empty reason left out. Fields the
 * form does not send (a tick sends only the status) stay as they are.
 */
function decodeItemForm(fields: FormFields) {
  const input: Record<string, unknown> = { ...fields };
  const links = text(fields, "evidenceLinks");
  if (links !== undefined) {
    input.evidenceLinks = links
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (input.assigneeId === "") input.assigneeId = null;
  if (text(fields, "reason")?.trim() === "") delete input.reason;
  return input;
}

/**
 * Ticks, unticks or edits one item, based on the item version the browser has;
 * returns the new item and progress. Called with the item's fields (a tick) or
 * as the item dialog's form action.
 */
export const setItemStateAction = formAction(
  validatedAction({ name: "setItemState", permission: "item:update", schema: setItemStateSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
    const result = await applyItemChange(context, input);
    return { message: `Saved: the item is ${STATUS_WORDS[result.item.status]}.`, data: result };
  }),
  decodeItemForm,
);

/** The form sends parallel lists (role[], name[], phone[], email[]), one entry per contact role. */
function decodeContacts(fields: FormFields) {
  const names = list(fields, "name");
  const phones = list(fields, "phone");
  const emails = list(fields, "email");
  return {
    releaseId: fields.releaseId,
    contacts: list(fields, "role").map((role, index) => ({ role, name: names[index] ?? "", phone: phones[index] ?? "", email: emails[index] ?? "" })),
  };
}

export const updateContactsAction = formAction(
  validatedAction({ name: "updateContacts", permission: "item:update", schema: contactsSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
    const contacts = await updateContacts(context, input);
    // The form resets to the saved values at once, not to what the page had before.
    revalidatePath(releasePath(context.project!.key, input.releaseId));
    return { message: "Saved the contacts.", data: contacts };
  }),
  decodeContacts,
);

/**
 * Keeps which sections of the release page this user has open or closed
 * (docs/decisions/028): `open[]` and `closed[]` name sections by key. Any
 * reader of the release may, since it changes only their own view.
 */
export const setOpenSectionsAction = formAction(
  validatedAction({ name: "setOpenSections", permission: "release:read", schema: setOpenSectionsSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
    const open = await setOpenSections(context.user, input);
    return { message: "Kept which sections are open.", data: { open } };
  }),
);
