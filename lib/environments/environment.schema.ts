import { z } from "zod";

/** The environments that must be approved first, by key; none when left out. */
const keyList = z.array(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "Unknown environment.")).max(20).default([]);

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
