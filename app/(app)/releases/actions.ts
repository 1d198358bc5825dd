"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import type { ActionState } from "@/lib/auth/action-state";
import { createRelease } from "@/lib/releases/create-release";
import { createReleaseSchema } from "@/lib/releases/release.schema";

/** The form sends "" for "latest template version"; the use case wants it left out. */
const createReleaseFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const { templateVersion, ...rest } = raw as Record<string, unknown>;
  return templateVersion === "" || templateVersion === undefined ? rest : { ...rest, templateVersion };
}, createReleaseSchema);

const create = validatedAction({ name: "createRelease", permission: "release:create", schema: createReleaseFormSchema }, async (input, context) => {
  const release = await createRelease(context, input);
  return { message: `Created ${release.environment} ${release.version} with ${release.items} items.`, data: { id: release.id } };
});

/** Creates the release, then opens it (the redirect happens outside the wrapper, which would report it as an error). */
export async function createReleaseAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await create(previous, formData);
  if (state.status === "success") redirect(`/releases/${(state.data as { id: string }).id}`);
  return state;
}
