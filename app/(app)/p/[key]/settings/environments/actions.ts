"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { checkbox, formAction, type FormFields, text } from "@/app/_lib/form-action";
import { createEnvironmentSchema, updateEnvironmentSchema } from "@/lib/environments/environment.schema";
import { policyPhrases } from "@/lib/environments/policy-words";
import { createEnvironment, updateEnvironment } from "@/lib/environments/save-environment";
import { projectSettingsPath } from "@/lib/projects/paths";
import { projectRefSchema } from "@/lib/projects/project.schema";

/** The forms name the project the environment belongs to (its key): a project the caller may not read is "not found" (issue 11). */
const inProject = { project: projectRefSchema };
const createInProjectSchema = createEnvironmentSchema.extend(inProject);
const updateInProjectSchema = updateEnvironmentSchema.extend(inProject);

/** The prefix of the per-role quorum inputs: `quorum.Security Engineer`. */
const QUORUM_FIELD = "quorum.";

/** The checkbox sends "true" when ticked and nothing when not; any other value is left for the schema to refuse. */
function decodeEnvironment(fields: FormFields) {
  const multi = text(fields, "allowMultipleRolesPerSigner");
  return { ...fields, allowMultipleRolesPerSigner: multi === undefined || multi === "false" ? false : multi === "true" || multi === "on" ? true : multi };
}

/**
 * The edit form also carries the sign-off policy: three checkboxes, and one number per role (`quorum.<role name>`; empty is one signer).
 * A number that does not read as one is passed on as text for the schema to refuse with the field named.
 */
function decodeEnvironmentWithPolicy(fields: FormFields) {
  const quorums: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!name.startsWith(QUORUM_FIELD) || typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed === "") continue;
    quorums[name.slice(QUORUM_FIELD.length)] = /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  }
  return { ...decodeEnvironment(fields), creatorMayNotSign: checkbox(fields, "creatorMayNotSign"), tickerMayNotSign: checkbox(fields, "tickerMayNotSign"), requirePasskey: checkbox(fields, "requirePasskey"), quorums };
}

export const createEnvironmentAction = formAction(validatedAction({ name: "createEnvironment", permission: "environment:manage", schema: createInProjectSchema, project: (input) => ({ projectKey: input.project }) }, async ({ project, ...input }, context) => {
  const environment = await createEnvironment(context, input, context.project!.id);
  revalidatePath(projectSettingsPath(project, "environments"));
  return { message: `Added the environment ${environment.name}${environment.creatorMayNotSign ? " (its creator may not sign a release there)" : ""}.` };
}), decodeEnvironment);

export const updateEnvironmentAction = formAction(validatedAction({ name: "updateEnvironment", permission: "environment:manage", schema: updateInProjectSchema, project: (input) => ({ projectKey: input.project }) }, async ({ project, ...input }, context) => {
  const environment = await updateEnvironment(context, input, context.project!.id);
  revalidatePath(projectSettingsPath(project, "environments"));
  return { message: `Saved ${environment.name}: ${policyPhrases(environment).join("; ")}.` };
}), decodeEnvironmentWithPolicy);
