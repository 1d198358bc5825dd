import { z } from "zod";
import { idField } from "../http/parse-id";
import { PROJECT_KEY_PATTERN } from "../projects/project.schema";
import { isTokenScope, TOKEN_SCOPES } from "./token-scopes";

const tokenName = z
  .string({ message: "Name the token, e.g. “CI pipeline”." })
  .trim()
  .min(1, "Name the token, e.g. “CI pipeline”.")
  .max(80, "Token names are at most 80 characters.")
  // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
  .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), "Token names may not contain control characters or angle brackets.");

/**
 * The scopes a token carries, by name (a list, or one comma-separated text as
 * a form or the CLI sends it); all three when none is named. An unknown scope
 * is refused naming the field `scopes`.
 */
export const tokenScopesSchema = z
  .union([z.array(z.string({ message: "Scopes are names such as releases:read." })), z.string()], { message: "Scopes are names such as releases:read." })
  .optional()
  .transform((value) => (typeof value === "string" ? value.split(",") : (value ?? [])).map((scope) => scope.trim()).filter((scope) => scope !== ""))
  .superRefine((scopes, context) => {
    const unknown = scopes.filter((scope) => !isTokenScope(scope));
    if (unknown.length === 0) return;
    const shown = unknown.filter((scope) => /^[a-z:_-]{1,40}$/.test(scope));
    context.addIssue({
      code: "custom",
      message: `${shown.length ? `Unknown scope: ${[...new Set(shown)].join(", ")}` : "Unknown scope"}. Choose from ${TOKEN_SCOPES.join(", ")}.`,
    });
  })
  .transform((scopes) => (scopes.length ? TOKEN_SCOPES.filter((scope) => scopes.includes(scope)) : [...TOKEN_SCOPES]));

/** A project's key, or nothing (a form's empty choice): the token then reaches all of its owner's projects. */
const optionalProject = z
  .string({ message: "Unknown project." })
  .trim()
  .max(40, "Unknown project.")
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || PROJECT_KEY_PATTERN.test(value), "Unknown project.");

export const createTokenSchema = z.object({
  name: tokenName,
  scopes: tokenScopesSchema,
  /** Restrict the token to this project (by key); without, it reaches every project its owner may. */
  project: optionalProject,
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

/** A project token: owned by the project (for CI), made by one of its maintainers. */
export const createProjectTokenSchema = z.object({
  name: tokenName,
  scopes: tokenScopesSchema,
  project: z.string({ message: "Unknown project." }).trim().regex(PROJECT_KEY_PATTERN, "Unknown project."),
});
export type CreateProjectTokenInput = z.input<typeof createProjectTokenSchema>;

export const revokeTokenSchema = z.object({ tokenId: idField("Unknown token.") });
