"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import { PROJECT_ROLE_LABELS } from "@/lib/auth/permissions";
import { addProjectMember } from "@/lib/projects/add-project-member";
import { addRoleHolder } from "@/lib/projects/add-role-holder";
import { projectPath, projectSettingsPath } from "@/lib/projects/paths";
import { addProjectMemberSchema, projectRefSchema, removeProjectMemberSchema, roleHolderSchema, setProjectMemberRoleSchema, updateProjectSchema } from "@/lib/projects/project.schema";
import { removeProjectMember } from "@/lib/projects/remove-project-member";
import { removeRoleHolder } from "@/lib/projects/remove-role-holder";
import { setProjectMemberRole } from "@/lib/projects/set-project-member-role";
import { updateProject } from "@/lib/projects/update-project";
import { createProjectTokenSchema, revokeTokenSchema } from "@/lib/tokens/token.schema";
import { createProjectToken, revokeProjectToken } from "@/lib/tokens/tokens";
import { addWebhook, removeWebhook, rotateWebhookSecret } from "@/lib/webhooks/manage-webhooks";
import { resendWebhookDelivery } from "@/lib/webhooks/webhook-deliveries";
import { addWebhookSchema, deliveryRefSchema, rotateWebhookSchema, webhookRefSchema } from "@/lib/webhooks/webhook.schema";

/**
 * A project's settings (/p/<key>/settings): for its maintainers (project:manage,
 * checked in the project the form names: a project the caller may not read is
 * "not found"). Every form carries the project's key as `project`.
 */

/** Every page of the project shows its name and people: refresh them all. */
const refresh = (key: string) => revalidatePath(projectPath(key), "layout");

export const updateProjectAction = formAction(
  validatedAction({ name: "updateProject", permission: "project:manage", schema: updateProjectSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const result = await updateProject(context, input);
    refresh(result.key);
    return { message: result.changed ? `Saved the project ${result.name}.` : "Nothing changed." };
  }),
);

export const addProjectMemberAction = formAction(
  validatedAction({ name: "addProjectMember", permission: "project:manage", schema: addProjectMemberSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const added = await addProjectMember(context, input);
    refresh(added.project);
    return { message: `Added ${added.user} as ${PROJECT_ROLE_LABELS[input.role].toLowerCase()}.` };
  }),
);

export const setProjectMemberRoleAction = formAction(
  validatedAction({ name: "setProjectMemberRole", permission: "project:manage", schema: setProjectMemberRoleSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const result = await setProjectMemberRole(context, input);
    refresh(input.project);
    return { message: result.changed ? `${input.user} is now ${PROJECT_ROLE_LABELS[input.role].toLowerCase()}.` : `${input.user} already was ${PROJECT_ROLE_LABELS[input.role].toLowerCase()}.` };
  }),
);

export const removeProjectMemberAction = formAction(
  validatedAction({ name: "removeProjectMember", permission: "project:manage", schema: removeProjectMemberSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const result = await removeProjectMember(context, input);
    refresh(input.project);
    const ended = result.signoffRolesEnded;
    return { message: `Removed ${input.user} from the project${ended.length ? `; they no longer hold ${ended.join(", ")} here` : ""}.` };
  }),
);

export const addRoleHolderAction = formAction(
  validatedAction({ name: "addRoleHolder", permission: "project:manage", schema: roleHolderSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const result = await addRoleHolder(context, input);
    refresh(input.project);
    return { message: `${input.user} now holds ${result.role} in this project.` };
  }),
);

export const removeRoleHolderAction = formAction(
  validatedAction({ name: "removeRoleHolder", permission: "project:manage", schema: roleHolderSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const result = await removeRoleHolder(context, input);
    refresh(input.project);
    return { message: `${input.user} no longer holds ${result.role} in this project.` };
  }),
);

/** A project token, owned by the project (for CI): the raw token goes back to the browser exactly once, in this result. */
export const createProjectTokenAction = formAction(
  validatedAction({ name: "createProjectToken", permission: "project:manage", schema: createProjectTokenSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const { token, row } = await createProjectToken(context, context.user.id, input);
    revalidatePath(projectSettingsPath(input.project, "tokens"));
    return { message: `Created the project token ${row.name}.`, data: { token, name: row.name } };
  }),
);

const revokeProjectTokenSchema = revokeTokenSchema.extend({ project: projectRefSchema });

/** Revokes one of the project's own tokens (not a member's personal token). */
export const revokeProjectTokenAction = formAction(
  validatedAction({ name: "revokeProjectToken", permission: "project:manage", schema: revokeProjectTokenSchema, project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const { name } = await revokeProjectToken(context, { tokenId: input.tokenId }, context.project!.id);
    revalidatePath(projectSettingsPath(input.project, "tokens"));
    return { message: `Revoked the project token ${name}.` };
  }),
);

/** Webhooks (issue 12): the signing secret goes back to the browser exactly once, in the result. */
const webhooksPage = (key: string) => revalidatePath(projectSettingsPath(key, "webhooks"));

export const addWebhookAction = formAction(
  validatedAction({ name: "addWebhook", permission: "project:manage", schema: addWebhookSchema.extend({ project: projectRefSchema }), project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const created = await addWebhook(context, context.project!, input);
    webhooksPage(input.project);
    return { message: `Added the webhook to ${new URL(created.url).host}.`, data: { secret: created.secret, url: created.url } };
  }),
);

export const removeWebhookAction = formAction(
  validatedAction({ name: "removeWebhook", permission: "project:manage", schema: webhookRefSchema.extend({ project: projectRefSchema }), project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    const removed = await removeWebhook(context, context.project!, input.webhookId);
    webhooksPage(input.project);
    return { message: `Removed the webhook to ${new URL(removed.url).host}.` };
  }),
);

export const rotateWebhookSecretAction = formAction(
  validatedAction(
    { name: "rotateWebhookSecret", permission: "project:manage", schema: webhookRefSchema.extend({ ...rotateWebhookSchema.shape, project: projectRefSchema }), project: (input) => ({ projectKey: input.project }) },
    async (input, context) => {
      const rotated = await rotateWebhookSecret(context, context.project!, input.webhookId, { overlapHours: input.overlapHours });
      webhooksPage(input.project);
      return { message: "Made a new signing secret.", data: { secret: rotated.secret, until: rotated.previousSecretExpiresAt, overlapHours: input.overlapHours } };
    },
  ),
);

export const resendWebhookDeliveryAction = formAction(
  validatedAction({ name: "resendWebhookDelivery", permission: "project:manage", schema: deliveryRefSchema.extend({ project: projectRefSchema }), project: (input) => ({ projectKey: input.project }) }, async (input, context) => {
    await resendWebhookDelivery(context.project!.id, input.deliveryId);
    webhooksPage(input.project);
    return { message: "Queued the message again." };
  }),
);
