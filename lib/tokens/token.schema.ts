import { z } from "zod";
import { idField } from "../http/parse-id";

export const createTokenSchema = z.object({
  name: z
    .string({ message: "Name the token, e.g. “CI pipeline”." })
    .trim()
    .min(1, "Name the token, e.g. “CI pipeline”.")
    .max(80, "Token names are at most 80 characters.")
    // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
    .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), "Token names may not contain control characters or angle brackets."),
});
export const revokeTokenSchema = z.object({ tokenId: idField("Unknown token.") });
