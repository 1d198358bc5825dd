import { z } from "zod";
import { newPasswordField, passwordProblem } from "../auth/password-policy";
import { APP_ROLES } from "../auth/permissions";
import { idField } from "../http/parse-id";
import { projectRefSchema } from "../projects/project.schema";

const roleKey = z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/, "Unknown sign-off role.");

/** The sign-off roles a user holds, by key; none when left out. */
export const roleKeyList = z.array(roleKey).max(50, "Too many sign-off roles.").default([]);

/**
 * The project in which the form's sign-off roles are held (roles are held per
 * project, docs/decisions/022): the Users page names it; the CLI and older
 * callers that leave it out act on the default project.
 */
const signoffProject = projectRefSchema.optional();

export const emailSchema = z
  .string({ message: "Email is required." })
  .trim()
  .toLowerCase()
  .min(1, "Email is required.")
  .max(254, "Email must be at most 254 characters.")
  .email("Enter a valid email address.");

export const nameSchema = z
  .string({ message: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(120, "Name must be at most 120 characters.")
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), "Name may not contain control characters or angle brackets.");

export const appRoleSchema = z.enum(APP_ROLES, { message: "Choose admin, member or auditor." });

/** A password being chosen (lib/auth/password-policy.ts). */
export const passwordSchema = newPasswordField("Password");

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    appRole: appRoleSchema,
    password: passwordSchema,
    project: signoffProject,
    signoffRoles: roleKeyList,
  })
  .superRefine((input, context) => {
    // zod runs this even when the field was refused (custom issues do not abort): the field's
    // own message stands alone then, and what is left here is the email check.
    if (typeof input.password !== "string" || passwordProblem(input.password) !== null) return;
    const problem = passwordProblem(input.password, { email: input.email });
    if (problem) context.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: idField("Unknown user.") });

export const setUserRolesSchema = z.object({
  userId: idField("Unknown user."),
  appRole: appRoleSchema,
  project: signoffProject,
  signoffRoles: roleKeyList,
});
export type SetUserRolesInput = z.input<typeof setUserRolesSchema>;
