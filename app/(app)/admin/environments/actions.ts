"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { formAction, type FormFields, text } from "@/app/_lib/form-action";
import { createEnvironmentSchema, updateEnvironmentSchema } from "@/lib/environments/environment.schema";
import { createEnvironment, updateEnvironment } from "@/lib/environments/save-environment";

/** The checkbox sends "true" when ticked and nothing when not; any other value is left for the schema to refuse. */
function decodeEnvironment(fields: FormFields) {
  const multi = text(fields, "allowMultipleRolesPerSigner");
  return { ...fields, allowMultipleRolesPerSigner: multi === undefined || multi === "false" ? false : multi === "true" || multi === "on" ? true : multi };
}

export const createEnvironmentAction = formAction(validatedAction({ name: "createEnvironment", permission: "environment:manage", schema: createEnvironmentSchema }, async (input, context) => {
  const environment = await createEnvironment(context, input);
  revalidatePath("/admin/environments");
  return { message: `Added the environment ${environment.name}.` };
}), decodeEnvironment);

export const updateEnvironmentAction = formAction(validatedAction({ name: "updateEnvironment", permission: "environment:manage", schema: updateEnvironmentSchema }, async (input, context) => {
  const environment = await updateEnvironment(context, input);
  revalidatePath("/admin/environments");
  return { message: `Saved ${environment.name}.` };
}), decodeEnvironment);
