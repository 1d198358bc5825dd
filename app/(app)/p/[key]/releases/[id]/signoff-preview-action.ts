"use server";

import { formAction } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import { previewSignoff, previewSignoffSchema } from "@/lib/signoffs/preview-signoff";

/** Reads (changes nothing): what the sign-off dialog shows before the signer confirms. */
export const previewSignoffAction = formAction(validatedAction({ name: "previewSignoff", permission: "signoff:sign", schema: previewSignoffSchema, project: (input) => ({ releaseId: input.releaseId }) }, async (input, context) => {
  const preview = await previewSignoff(context.user, context.project!.id, input);
  return { message: `Your signature would cover ${preview.coveredItems} items.`, data: preview };
}));
