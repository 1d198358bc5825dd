import { z } from "zod";
import { APP_ROLES, can, PROJECT_ROLES } from "../auth/permissions";
import { idField } from "../http/parse-id";
import { projectRefSchema, signoffRoleRefSchema } from "../projects/project.schema";

/**
 * A group mapping (issue 13, docs/decisions/027): members of the group at the
 * identity provider get an organisation role, and/or membership of a project
 * (contributor unless maintainer) and, there, a sign-off role. Every refusal
 * names its field; the CLI renames them to its options.
 */
// eslint-disable-next-line no-control-regex -- control characters are refused on purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

export const groupNameSchema = z
  .string({ message: "Name the group as the identity provider sends it, e.g. mgit-sre-leads." })
  .trim()
  .min(1, "Name the group as the identity provider sends it, e.g. mgit-sre-leads.")
  .max(256, "Group names are at most 256 characters.")
  .refine((value) => !CONTROL.test(value), "Group names may not contain control characters.");

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const addGroupMappingSchema = z
  .object({
    group: groupNameSchema,
    project: z.preprocess(blankToUndefined, projectRefSchema.optional()),
    role: z.preprocess(blankToUndefined, z.enum(PROJECT_ROLES, { message: "Choose contributor or maintainer." }).optional()),
    signer: z.preprocess(blankToUndefined, signoffRoleRefSchema.optional()),
    orgRole: z.preprocess(blankToUndefined, z.enum(APP_ROLES, { message: `Choose one of ${APP_ROLES.join(", ")}.` }).optional()),
  })
  .superRefine((value, context) => {
    if (!value.project && !value.orgRole) {
      context.addIssue({ code: "custom", path: ["project"], message: "Name a project (or an organisation role) the group gives." });
    }
    if (!value.project && value.role) context.addIssue({ code: "custom", path: ["project"], message: "A project role needs the project." });
    if (!value.project && value.signer) context.addIssue({ code: "custom", path: ["project"], message: "A sign-off role is held in a project: name it." });
    // An organisation role that takes no permission from a project role (auditors: read-only) does not join one.
    const joins = (appRole: (typeof APP_ROLES)[number]) => can({ appRole, projects: [{ id: "p", role: "contributor" }] }, "release:create", { id: "p" });
    if (value.project && value.orgRole && !joins(value.orgRole)) {
      context.addIssue({ code: "custom", path: ["orgRole"], message: "Auditors read and do not join projects: map the auditor role in a mapping of its own." });
    }
  });
export type AddGroupMappingInput = z.input<typeof addGroupMappingSchema>;

export const removeGroupMappingSchema = z.object({ mappingId: idField("Unknown mapping.") });
