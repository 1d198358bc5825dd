"use server";

import { formAction } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import { previewSignoff, previewSignoffSchema } from "@/lib/signoffs/preview-signoff";
import { getCurrentSession } from "@/lib/auth/current-user";

/** Reads (changes nothing): what the sign-off dialog shows before the signer confirms. */
export const previewSignoffAction = formAction(validatedAction({ name: "previewSignoff", permission: "signoff:sign", schema: previewSignoffSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  const current = await getCurrentSession();
  const preview = await previewSignoff(context.user, context.project!.id, input, current ? { id: current.sessionId, signInMethod: current.signInMethod } : null);
  return { message: `Your signature would cover ${preview.coveredItems} items.`, data: preview };
}));
