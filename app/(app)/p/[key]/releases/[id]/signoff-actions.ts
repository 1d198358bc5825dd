"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { validatedAction } from "@/lib/auth/action";
import { releasePath } from "@/lib/projects/paths";
import { formAction } from "@/app/_lib/form-action";
import { finishRelease, reopenRelease, revokeSignoff } from "@/lib/signoffs/release-transitions";
import { signOff } from "@/lib/signoffs/sign-off";
import { finishReleaseSchema, reopenReleaseSchema, revokeSignoffSchema, signOffSchema, startPasskeySigningSchema, startSsoConfirmationSchema } from "@/lib/signoffs/signoff.schema";
import { relyingPartyFor } from "@/lib/passkeys/relying-party";
import { startPasskeySigning } from "@/lib/signoffs/start-passkey-signing";
import { getCurrentSession } from "@/lib/auth/current-user";
import { signIn } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors/app-error";
import { OIDC_PROVIDER_ID, oidcConfig } from "@/lib/sso/oidc-config";

/** The use case also checks that the signer holds the role they sign for. A passkey signature is checked against this site (the relying party). */
export const signOffAction = formAction(validatedAction({ name: "signOff", permission: "signoff:sign", schema: signOffSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  const current = await getCurrentSession();
  const session = current ? { id: current.sessionId, signInMethod: current.signInMethod } : undefined;
  const result = await signOff(context, input, { ...(input.passkey ? { relyingParty: relyingPartyFor(await headers()) } : {}), ...(session ? { session } : {}) });
  revalidatePath(releasePath(context.project!.key, input.releaseId));
  const signed = `Signed as ${input.role}${result.method === "passkey" ? " with your passkey" : result.method === "oidc" ? " with your company sign-in" : ""}`;
  return {
    message:
      result.status === "approved"
        ? `${signed}. Every role has signed: the release is approved.`
        : result.quorum > 1
          ? `${signed} (${Math.min(result.signers, result.quorum)} of ${result.quorum} signers).`
          : `${signed}.`,
    data: result,
  };
}));

/** Reads (changes nothing): what the passkey is asked to sign, its challenge derived from the release, role, meaning, content hash and audit head. */
export const startPasskeySigningAction = validatedAction({ name: "startPasskeySigning", permission: "signoff:sign", schema: startPasskeySigningSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  const { options } = await startPasskeySigning(context.user, input, relyingPartyFor(await headers()));
  return { message: "Confirm with your passkey.", data: options };
});

/**
 * Where to send the browser for a fresh company sign-in that confirms a
 * signature (prompt=login, max_age=0; docs/decisions/027): back to this
 * release, which reopens the sign dialog for the role. Changes nothing; the
 * signing checks the fresh sign-in's auth_time.
 */
export const startSsoConfirmationAction = validatedAction({ name: "startSsoConfirmation", permission: "signoff:sign", schema: startSsoConfirmationSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  if (!oidcConfig()) throw new AppError("BAD_REQUEST", "Company sign-in is not configured here.");
  const back = `${releasePath(context.project!.key, input.releaseId)}?confirm=${encodeURIComponent(input.role)}`;
  try {
    const url = await signIn(OIDC_PROVIDER_ID, { redirect: false, redirectTo: back }, { prompt: "login", max_age: "0" });
    return { message: "Confirm at your identity provider.", data: { url: String(url) } };
  } catch {
    throw new AppError("UNAVAILABLE", `${oidcConfig()!.label} cannot be reached right now; confirm with your passkey or try again later.`);
  }
});

export const revokeSignoffAction = formAction(validatedAction({ name: "revokeSignoff", permission: "signoff:sign", schema: revokeSignoffSchema, project: (input) => ({ signoffId: input.signoffId }) }, async (input, context) => {
  const result = await revokeSignoff(context, input);
  return { message: `Revoked your ${result.role} sign-off.` };
}));

export const reopenReleaseAction = formAction(validatedAction({ name: "reopenRelease", permission: "release:reopen", schema: reopenReleaseSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  await reopenRelease(context, input);
  revalidatePath(releasePath(context.project!.key, input.releaseId));
  return { message: "Reopened the release; every signature is now stale." };
}));

export const finishReleaseAction = formAction(validatedAction({ name: "finishRelease", permission: "release:create", schema: finishReleaseSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  await finishRelease(context, input);
  revalidatePath(releasePath(context.project!.key, input.releaseId));
  const words = { deployed: "deployed", rolled_back: "rolled back", cancelled: "cancelled" } as const;
  return { message: `Marked the release ${words[input.outcome]}.` };
}));
