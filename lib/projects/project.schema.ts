import { z } from "zod";
import { PROJECT_ROLES } from "../auth/permissions";

/**
 * Input of the project use cases (issue 11, docs/decisions/022): creating a
 * project, its members and their project roles, who holds which sign-off role
 * in it, and an auditor's project scope. Every refusal names its field.
 */

export const PROJECT_KEY_PATTERN = /^[a-z0-9-]{2,40}$/;
const KEY_MESSAGE = "Project keys are 2 to 40 lowercase letters, digits and dashes (e.g. mgit).";

/** A new project's key: stable in URLs, so checked strictly (no trimming or lower-casing behind the user's back). */
export const projectKeySchema = z.string({ message: KEY_MESSAGE }).regex(PROJECT_KEY_PATTERN, KEY_MESSAGE);

/** The key of an existing project, as a form, the CLI or a URL names it: anything else is simply unknown. */
export const projectRefSchema = z
  .string({ message: "Name the project by its key." })
  .trim()
  .min(1, "Name the project by its key.")
  .max(40, "Unknown project.")
  .regex(PROJECT_KEY_PATTERN, "Unknown project.");

// eslint-disable-next-line no-control-regex -- control characters are refused on purpose
const CONTROL_OR_ANGLE = /[\u0000-\u001f\u007f<>]/;

export const projectNameSchema = z
  .string({ message: "Name the project, e.g. “mgit CLI”." })
  .trim()
  .min(1, "Name the project, e.g. “mgit CLI”.")
  .max(100, "Project names are at most 100 characters.")
  .refine((value) => !CONTROL_OR_ANGLE.test(value), "Project names may not contain control characters or angle brackets.");

export const projectDescriptionSchema = z
  .string({ message: "The description must be text." })
  .trim()
  .max(2000, "Descriptions are at most 2000 characters.")
  // Line breaks and tabs are fine in a description; other control characters are not.
  // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
  .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), "Descriptions may not contain control characters.")
  .default("");

export const createProjectSchema = z.object({
  key: projectKeySchema,
  name: projectNameSchema,
  description: projectDescriptionSchema,
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** Renaming a project or changing its description; the key stays (it is in URLs and tokens). */
/** Reminders (issue 12): hours a role may keep a ready release waiting before it is reminded; 15 minutes to a week. */
export const reminderIntervalHoursSchema = z.coerce
  .number({ message: "Enter a number of hours, e.g. 4 or 0.5." })
  .min(0.25, { message: "At least 0.25 hours (15 minutes)." })
  .max(168, { message: "At most 168 hours (a week)." });

export const updateProjectSchema = z.object({ project: projectRefSchema, name: projectNameSchema, description: projectDescriptionSchema, reminderIntervalHours: reminderIntervalHoursSchema.optional() });
export type UpdateProjectInput = z.input<typeof updateProjectSchema>;

export const projectRoleSchema = z.enum(PROJECT_ROLES, { message: "Choose maintainer or contributor." });

/** A user named by email (the CLI, forms) or by id (forms that list users). */
export const userRefSchema = z
  .string({ message: "Name the user by email." })
  .trim()
  .min(1, "Name the user by email.")
  .max(254, "No user with this email.");

/** A sign-off role named by its key (tech-lead) or its name (Tech Lead). */
export const signoffRoleRefSchema = z
  .string({ message: "Name the sign-off role, e.g. “Tech Lead”." })
  .trim()
  .min(1, "Name the sign-off role, e.g. “Tech Lead”.")
  .max(64, "Unknown sign-off role.");

export const addProjectMemberSchema = z.object({ project: projectRefSchema, user: userRefSchema, role: projectRoleSchema });
export type AddProjectMemberInput = z.input<typeof addProjectMemberSchema>;

export const setProjectMemberRoleSchema = addProjectMemberSchema;
export type SetProjectMemberRoleInput = z.input<typeof setProjectMemberRoleSchema>;

export const removeProjectMemberSchema = z.object({ project: projectRefSchema, user: userRefSchema });
export type RemoveProjectMemberInput = z.input<typeof removeProjectMemberSchema>;

export const roleHolderSchema = z.object({ project: projectRefSchema, user: userRefSchema, role: signoffRoleRefSchema });
export type RoleHolderInput = z.input<typeof roleHolderSchema>;

export const setAuditorProjectsSchema = z.object({
  user: userRefSchema,
  /** The projects the auditor may read, by key; none = every project (organisation-wide). */
  projects: z.array(projectRefSchema).max(200, "Too many projects.").default([]),
});
export type SetAuditorProjectsInput = z.input<typeof setAuditorProjectsSchema>;
