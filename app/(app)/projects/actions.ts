"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction } from "@/app/_lib/form-action";
import { validatedAction } from "@/lib/auth/action";
import type { ActionState } from "@/lib/auth/action-state";
import { createProject } from "@/lib/projects/create-project";
import { projectSettingsPath, PROJECTS_PATH } from "@/lib/projects/paths";
import { createProjectSchema } from "@/lib/projects/project.schema";

const create = formAction(
  validatedAction({ name: "createProject", permission: "project:create", schema: createProjectSchema }, async (input, context) => {
    const project = await createProject(context, input);
    revalidatePath(PROJECTS_PATH);
    return { message: `Created the project ${project.name} (${project.key}).`, data: { key: project.key } };
  }),
);

/** Creates the project, then opens its members (the redirect happens outside the wrapper, which would report it as an error). */
export async function createProjectAction(previous: ActionState<{ key: string }>, formData: FormData): Promise<ActionState<{ key: string }>> {
  const state = await create(previous, formData);
  if (state.status === "success" && state.data) redirect(`${projectSettingsPath(state.data.key, "members")}?created=1`);
  return state;
}
