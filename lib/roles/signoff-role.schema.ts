import { z } from "zod";

export const createSignoffRoleSchema = z.object({
  name: z
    .string({ message: "Role name is required." })
    .trim()
    .min(2, "Role name must be at least 2 characters.")
    .max(60, "Role name must be at most 60 characters.")
    .regex(/^[\p{L}\p{N} &/().,'-]+$/u, "Role name may contain letters, digits, spaces and & / ( ) . , ' - only."),
});
export type CreateSignoffRoleInput = z.input<typeof createSignoffRoleSchema>;
