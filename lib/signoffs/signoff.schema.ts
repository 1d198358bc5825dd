import { z } from "zod";

import { LINE_BREAK } from "../templates/markdown-text";
import { MAX_MEANING } from "./limits";
import { idField } from "../http/parse-id";
import { authenticationResponseSchema } from "../passkeys/passkey.schema";

export { MAX_MEANING };

const roleField = z.string({ message: "Choose a role." }).trim().min(1, "Choose a role.").max(60, "Unknown role.");
const meaningField = z
  .string({ message: "State what your signature means." })
  .trim()
  .min(1, "State what your signature means.")
  .max(MAX_MEANING, `The meaning is at most ${MAX_MEANING} characters.`)
  .refine((value) => !LINE_BREAK.test(value), "The meaning must be one line (no line breaks).");
/** The hash of the checklist the signer was shown; a mismatch means it changed meanwhile. */
const shownHashField = z.string().regex(/^[0-9a-f]{64}$/, "Reload the release and review it again.");

/**
 * A signature is confirmed with the signer's password or made with their
 * passkey (`passkey`: the browser's WebAuthn assertion over the challenge
 * derived from what is signed, docs/decisions/024), never both.
 */
export const signOffSchema = z
  .object({
    releaseId: idField("Unknown release."),
    role: roleField,
    meaning: meaningField,
    password: z.string({ message: "Enter your password to sign." }).min(1, "Enter your password to sign.").max(1024, "Email or password is incorrect.").optional(),
    passkey: authenticationResponseSchema.optional(),
    /** "yes": confirmed with a fresh company sign-in (prompt=login, max_age=0) made just before (docs/decisions/027). */
    sso: z.literal("yes", { message: "Confirm with your company sign-in." }).optional(),
    shownHash: shownHashField,
    confirm: z.literal("yes", { message: "Confirm that you mean it." }),
  })
  .superRefine((value, context) => {
    const given = [value.password, value.passkey, value.sso].filter((method) => method !== undefined).length;
    if (given === 0) context.addIssue({ code: "custom", path: ["password"], message: "Enter your password to sign." });
    if (given > 1) context.addIssue({ code: "custom", path: ["passkey"], message: "Sign with your password, your passkey or your company sign-in: one of them." });
  });
export type SignOffInput = z.input<typeof signOffSchema>;

/** What the passkey will sign: the browser asks for the assertion once the meaning is final (lib/signoffs/start-passkey-signing.ts). */
export const startPasskeySigningSchema = z.object({ releaseId: idField("Unknown release."), role: roleField, meaning: meaningField, shownHash: shownHashField });
export type StartPasskeySigningInput = z.input<typeof startPasskeySigningSchema>;

/** A fresh company sign-in to confirm a signature for this role (docs/decisions/027). */
export const startSsoConfirmationSchema = z.object({ releaseId: idField("Unknown release."), role: roleField });

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
