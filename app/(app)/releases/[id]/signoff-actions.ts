"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { finishRelease, reopenRelease, revokeSignoff } from "@/lib/signoffs/release-transitions";
import { signOff } from "@/lib/signoffs/sign-off";
import { finishReleaseSchema, reopenReleaseSchema, revokeSignoffSchema, signOffSchema } from "@/lib/signoffs/signoff.schema";

/** The use case also checks that the signer holds the role they sign for. */
export const signOffAction = formAction(validatedAction({ name: "signOff", permission: "signoff:sign", schema: signOffSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  const result = await signOff(context, input);
  revalidatePath(`/releases/${input.releaseId}`);
  return {
    message:
      result.status === "approved"
        ? `Signed as ${input.role}. Every role has signed: the release is approved.`
        : result.quorum > 1
          ? `Signed as ${input.role} (${Math.min(result.signers, result.quorum)} of ${result.quorum} signers).`
          : `Signed as ${input.role}.`,
    data: result,
  };
}));

export const revokeSignoffAction = formAction(validatedAction({ name: "revokeSignoff", permission: "signoff:sign", schema: revokeSignoffSchema, project: (input) => ({ signoffId: input.signoffId }) }, async (input, context) => {
  const result = await revokeSignoff(context, input);
  return { message: `Revoked your ${result.role} sign-off.` };
}));

export const reopenReleaseAction = formAction(validatedAction({ name: "reopenRelease", permission: "release:reopen", schema: reopenReleaseSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  await reopenRelease(context, input);
  revalidatePath(`/releases/${input.releaseId}`);
  return { message: "Reopened the release; every signature is now stale." };
}));

export const finishReleaseAction = formAction(validatedAction({ name: "finishRelease", permission: "release:create", schema: finishReleaseSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  await finishRelease(context, input);
  revalidatePath(`/releases/${input.releaseId}`);
  const words = { deployed: "deployed", rolled_back: "rolled back", cancelled: "cancelled" } as const;
  return { message: `Marked the release ${words[input.outcome]}.` };
}));
