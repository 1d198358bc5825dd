"use server";

import { redirect } from "next/navigation";
import { formAction, type FormFields } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import type { ActionState } from "@/lib/auth/action-state";
import { createRelease } from "@/lib/releases/create-release";
import { createReleaseSchema } from "@/lib/releases/release.schema";
import { releasePath } from "@/lib/projects/paths";

/** The form sends "" for "latest template version"; the use case wants it left out. */
function decodeCreateRelease({ templateVersion, ...fields }: FormFields) {
  return templateVersion === "" || templateVersion === undefined ? fields : { ...fields, templateVersion };
}

const create = formAction(
  validatedAction({ name: "createRelease", permission: "release:create", schema: createReleaseSchema, project: (input) => ({ templateId: input.templateId }) }, async (input, context) => {
    const release = await createRelease(context, input);
    return { message: `Created ${release.environment} ${release.version} with ${release.items} items.`, data: { id: release.id, projectKey: context.project!.key } };
  }),
  decodeCreateRelease,
);

/** Creates the release, then opens it (the redirect happens outside the wrapper, which would report it as an error). */
export async function createReleaseAction(previous: ActionState<{ id: string; projectKey: string }>, formData: FormData): Promise<ActionState<{ id: string; projectKey: string }>> {
  const state = await create(previous, formData);
  if (state.status === "success" && state.data) redirect(releasePath(state.data.projectKey, state.data.id));
  return state;
}
