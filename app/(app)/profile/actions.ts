"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/lib/auth/action-state";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { updateSession } from "@/lib/auth/auth";
import { createTokenSchema, revokeTokenSchema } from "@/lib/tokens/token.schema";
import { changeOwnPassword, PASSWORD_CHANGED } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/users/password.schema";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { registerPasskeySchema, removePasskeySchema } from "@/lib/passkeys/passkey.schema";
import { registerPasskey } from "@/lib/passkeys/register-passkey";
import { relyingPartyFor } from "@/lib/passkeys/relying-party";
import { removePasskey } from "@/lib/passkeys/remove-passkey";
import { startPasskeyRegistration } from "@/lib/passkeys/start-passkey-registration";

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

/** The options the browser creates a passkey with (a fresh, single-use challenge for this user and site). */
export const startPasskeyRegistrationAction = validatedAction({ name: "startPasskeyRegistration", permission: "passkey:manage", schema: z.object({}) }, async (_input, context) => {
  const options = await startPasskeyRegistration(context.user, relyingPartyFor(await headers()));
  return { message: "Create the passkey with your device.", data: options };
});

/** Stores the passkey the browser created (verified against the challenge, this site and its relying party). */
export const registerPasskeyAction = validatedAction({ name: "registerPasskey", permission: "passkey:manage", schema: registerPasskeySchema }, async (input, context) => {
  const passkey = await registerPasskey(context, input, relyingPartyFor(await headers()));
  revalidatePath("/profile");
  return { message: `Registered the passkey ${passkey.name}.`, data: { id: passkey.id, fingerprint: passkey.fingerprint } };
});

export const removePasskeyAction = formAction(validatedAction({ name: "removePasskey", permission: "passkey:manage", schema: removePasskeySchema }, async (input, context) => {
  const { name } = await removePasskey(context, input);
  revalidatePath("/profile");
  return { message: `Removed the passkey ${name}.` };
}));
