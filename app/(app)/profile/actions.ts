"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/auth/action-state";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { updateSession } from "@/lib/auth/auth";
import { createTokenSchema, revokeTokenSchema } from "@/lib/tokens/token.schema";
import { changeOwnPassword, PASSWORD_CHANGED } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/users/password.schema";
import { createToken, revokeToken } from "@/lib/tokens/tokens";

/** The raw token goes back to the browser exactly once, in this result; only its hash is stored. */
export const createTokenAction = formAction(validatedAction({ name: "createToken", permission: "token:manage", schema: createTokenSchema }, async (input, context) => {
  const { token, row } = await createToken(context, context.user.id, input);
  revalidatePath("/profile");
  return { message: `Created the token ${row.name}.`, data: { token, name: row.name } };
}));

/** Users revoke their own tokens only (the owner is the caller). */
export const revokeTokenAction = formAction(validatedAction({ name: "revokeToken", permission: "token:manage", schema: revokeTokenSchema }, async (input, context) => {
  const { name } = await revokeToken(context, input, context.user.id);
  revalidatePath("/profile");
  return { message: `Revoked the token ${name}.` };
}));

/**
 * Changes the caller's own password. Every session of the user ends (the
 * session version moves on); this one is re-issued with the new version, so
 * only the others end.
 */
const change = formAction(validatedAction({ name: "changePassword", permission: "password:change", schema: changePasswordSchema }, async (input, context) => {
  const { sessionVersion } = await changeOwnPassword(context, context.user, input);
  await updateSession({ sessionVersion } as never);
  return { message: PASSWORD_CHANGED };
}));

/**
 * After a change the page must be rendered with the re-issued cookie: a re-render
 * of the current page in this request would read the old one (its version just
 * ended) and send the user to sign in. A redirect is rendered with the cookies the
 * action set, so the profile opens with its confirmation (a reset's forced change too).
 * It happens outside the wrapper, which would report it as an error.
 */
export async function changePasswordAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await change(previous, formData);
  if (state.status === "success") redirect("/profile?password=changed");
  return state;
}
