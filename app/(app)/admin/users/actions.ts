"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import { formAction, type FormFields, text } from "@/app/_lib/form-action";
import { createSignoffRole } from "@/lib/roles/create-signoff-role";
import { createSignoffRoleSchema } from "@/lib/roles/signoff-role.schema";
import { createUser } from "@/lib/users/create-user";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { setUserRoles } from "@/lib/users/set-user-roles";
import { createUserSchema, setUserRolesSchema, userIdSchema } from "@/lib/users/user.schema";
import { resetPassword } from "@/lib/users/reset-password";
import { resetPasswordSchema } from "@/lib/users/password.schema";
import { addGroupMapping } from "@/lib/sso/add-group-mapping";
import { removeGroupMapping } from "@/lib/sso/remove-group-mapping";
import { addGroupMappingSchema, removeGroupMappingSchema } from "@/lib/sso/group-mapping.schema";

export const createUserAction = formAction(validatedAction({ name: "createUser", permission: "user:manage", schema: createUserSchema }, async (input, context) => {
  const user = await createUser(context, input);
  revalidatePath("/admin/users");
  return { message: `Created ${user.name} (${user.email}).` };
}));

export const setUserRolesAction = formAction(validatedAction({ name: "setUserRoles", permission: "user:manage", schema: setUserRolesSchema }, async (input, context) => {
  const result = await setUserRoles(context, input);
  revalidatePath("/admin/users");
  return { message: result.changed ? `Updated roles of ${result.name}; their sessions have ended.` : `No change to ${result.name}'s roles.` };
}));

const toggleSchema = userIdSchema.extend({ disabled: z.boolean({ message: "Choose disable or enable." }) });

/** The toggle's button sends disabled=true or false; anything else is left for the schema to refuse. */
function decodeToggle(fields: FormFields) {
  const disabled = text(fields, "disabled");
  return { ...fields, disabled: disabled === "true" ? true : disabled === "false" ? false : disabled };
}

export const setUserDisabledAction = formAction(validatedAction({ name: "setUserDisabled", permission: "user:manage", schema: toggleSchema }, async (input, context) => {
  const disabled = input.disabled;
  const user = await setUserDisabled(context, input.userId, disabled);
  revalidatePath("/admin/users");
  if (!user.changed) return { message: `${user.name} was already ${disabled ? "disabled" : "enabled"}.` };
  return { message: disabled ? `Disabled ${user.name}; their sessions have ended.` : `Enabled ${user.name}.` };
}), decodeToggle);

export const createSignoffRoleAction = formAction(validatedAction({ name: "createSignoffRole", permission: "role:manage", schema: createSignoffRoleSchema }, async (input, context) => {
  const role = await createSignoffRole(context, input);
  revalidatePath("/admin/users");
  return { message: `Added the sign-off role ${role.name}.` };
}));

export const resetPasswordAction = formAction(validatedAction({ name: "resetPassword", permission: "user:manage", schema: resetPasswordSchema }, async (input, context) => {
  const user = await resetPassword(context, input);
  revalidatePath("/admin/users");
  return { message: `Reset the password of ${user.name}; they were signed out and must choose a new one at their next sign-in.` };
}));

/** Company sign-in: a group at the identity provider, and what it grants at each member's next sign-in (docs/decisions/027). */
export const addGroupMappingAction = formAction(validatedAction({ name: "addGroupMapping", permission: "user:manage", schema: addGroupMappingSchema }, async (input, context) => {
  const mapping = await addGroupMapping(context, input);
  revalidatePath("/admin/users");
  return { message: `Mapped the group ${mapping.group}; its members get the grants at their next company sign-in.` };
}));

export const removeGroupMappingAction = formAction(validatedAction({ name: "removeGroupMapping", permission: "user:manage", schema: removeGroupMappingSchema }, async (input, context) => {
  const { group } = await removeGroupMapping(context, input);
  revalidatePath("/admin/users");
  return { message: `Removed a mapping of the group ${group}; the grants it gave end at each member's next company sign-in.` };
}));
