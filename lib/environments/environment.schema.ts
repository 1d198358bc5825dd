import { z } from "zod";
import { MAX_QUORUM } from "../signoffs/quorum";

/** The environments that must be approved first, by key; none when left out. */
const keyList = z.array(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "Unknown environment.")).max(20).default([]);

/**
 * Separation of duties, per environment (docs/decisions/023). Every setting is
 * optional: left out on create it takes its default (the creator rule is on
 * for an environment named production), left out on update it stays as it is.
 */
const policyFields = {
  creatorMayNotSign: z.boolean({ message: "Choose whether the release's creator may sign it." }).optional(),
  tickerMayNotSign: z.boolean({ message: "Choose whether whoever ticked an item may sign a role covering it." }).optional(),
  /** Every signature must be made with the signer's passkey (docs/decisions/024). */
  requirePasskey: z.boolean({ message: "Choose whether signatures must be made with a passkey." }).optional(),
  /** Sign-off role name -> distinct signers it needs here; a role left out needs one (on update: the whole set is replaced). */
  quorums: z
    .record(
      z.string().trim().min(1, "Name a sign-off role.").max(100, "Unknown sign-off role."),
      z
        .number({ message: "Enter a whole number of signers." })
        .int("Enter a whole number of signers.")
        .min(1, "A quorum is at least 1 signer.")
        .max(MAX_QUORUM, `A quorum is at most ${MAX_QUORUM} signers.`),
    )
    .optional(),
};

export const environmentFieldsSchema = z.object({
  name: z
    .string({ message: "Name is required." })
    .trim()
    .min(1, "Name is required.")
    .max(60, "Names are at most 60 characters.")
    // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
    .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), "Names may not contain control characters or angle brackets."),
  requires: keyList,
  allowMultipleRolesPerSigner: z.boolean({ message: "Choose whether one person may sign several roles." }).default(false),
  ...policyFields,
});

export const createEnvironmentSchema = environmentFieldsSchema.extend({
  key: z
    .string({ message: "Key is required." })
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, "Keys are lowercase letters, digits and dashes, starting with a letter (e.g. uat)."),
});
export const updateEnvironmentSchema = environmentFieldsSchema.extend({ key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "Unknown environment.") });
export type CreateEnvironmentInput = z.input<typeof createEnvironmentSchema>;
export type UpdateEnvironmentInput = z.input<typeof updateEnvironmentSchema>;

/**
 * An environment named production: its key or name is "production" or "prod",
 * alone or followed by a qualifier ("production-eu", "Prod US"). New ones
 * start with "the creator may not sign" on.
 */
export function isProductionLike(key: string, name: string): boolean {
  const production = /^prod(uction)?(?:[-_ ].*)?$/i;
  return production.test(key.trim()) || production.test(name.trim());
}
