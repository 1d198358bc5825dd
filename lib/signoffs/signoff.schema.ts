import { z } from "zod";

import { LINE_BREAK } from "../templates/markdown-text";
import { MAX_MEANING } from "./limits";
import { idField } from "../http/parse-id";

export { MAX_MEANING };

export const signOffSchema = z.object({
  releaseId: idField("Unknown release."),
  role: z.string({ message: "Choose a role." }).trim().min(1, "Choose a role.").max(60, "Unknown role."),
  meaning: z
    .string({ message: "State what your signature means." })
    .trim()
    .min(1, "State what your signature means.")
    .max(MAX_MEANING, `The meaning is at most ${MAX_MEANING} characters.`)
    .refine((value) => !LINE_BREAK.test(value), "The meaning must be one line (no line breaks)."),
  password: z.string({ message: "Enter your password to sign." }).min(1, "Enter your password to sign.").max(1024, "Email or password is incorrect."),
  /** The hash of the checklist the signer was shown; a mismatch means it changed meanwhile. */
  shownHash: z.string().regex(/^[0-9a-f]{64}$/, "Reload the release and review it again."),
  confirm: z.literal("yes", { message: "Confirm that you mean it." }),
});
export type SignOffInput = z.input<typeof signOffSchema>;

export const reasonSchema = z.string({ message: "Give a reason." }).trim().min(3, "Give a reason of at least 3 characters.").max(1000, "Reasons are at most 1,000 characters.");

export const revokeSignoffSchema = z.object({ signoffId: idField("Unknown sign-off."), reason: reasonSchema });
export const reopenReleaseSchema = z.object({ releaseId: idField("Unknown release."), reason: reasonSchema });
export const finishReleaseSchema = z.discriminatedUnion("outcome", [
  z.object({ releaseId: idField("Unknown release."), outcome: z.literal("deployed") }),
  z.object({
    releaseId: idField("Unknown release."),
    outcome: z.literal("rolled_back"),
    reason: reasonSchema,
    trigger: z.string({ message: "Say which rollback trigger fired." }).trim().min(1, "Say which rollback trigger fired.").max(200),
  }),
  z.object({ releaseId: idField("Unknown release."), outcome: z.literal("cancelled"), reason: reasonSchema }),
]);
