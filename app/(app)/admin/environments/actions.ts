"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { createEnvironmentSchema, updateEnvironmentSchema } from "@/lib/environments/environment.schema";
import { createEnvironment, updateEnvironment } from "@/lib/environments/save-environment";

export const createEnvironmentAction = validatedAction({ name: "createEnvironment", permission: "environment:manage", schema: createEnvironmentSchema }, async (input, context) => {
  const environment = await createEnvironment(context, input);
  revalidatePath("/admin/environments");
  return { message: `Added the environment ${environment.name}.` };
});

export const updateEnvironmentAction = validatedAction({ name: "updateEnvironment", permission: "environment:manage", schema: updateEnvironmentSchema }, async (input, context) => {
  const environment = await updateEnvironment(context, input);
  revalidatePath("/admin/environments");
  return { message: `Saved ${environment.name}.` };
});
