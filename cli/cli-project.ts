import { ZodError } from "zod";
import { AppError, toAppError } from "../lib/errors/app-error";
import { DEFAULT_PROJECT_KEY } from "../lib/projects/default-project";
import { PROJECT_KEY_PATTERN } from "../lib/projects/project.schema";
import { resolveProject, type ProjectRef } from "../lib/projects/resolve-project";

/**
 * The project a CLI command acts in: the one named by --project, or, when the
 * option is left out, the project `default` (every upgraded database has it)
 * if it exists. Anything else is one line naming --project.
 */
export async function projectForCli(key: string | undefined): Promise<ProjectRef> {
  if (key !== undefined) {
    const wanted = key.trim();
    const project = await resolveProject({ projectKey: wanted });
    if (!project) {
      const named = PROJECT_KEY_PATTERN.test(wanted) ? `No project with the key ${wanted}` : "No project with this key";
      throw new AppError("BAD_REQUEST", "Unknown project.", { "--project": [`${named}; see \`countersign project list\`.`] });
    }
    return project;
  }
  const fallback = await resolveProject({ projectKey: DEFAULT_PROJECT_KEY });
  if (!fallback) {
    throw new AppError("BAD_REQUEST", "Which project?", { "--project": [`There is no project "${DEFAULT_PROJECT_KEY}": name one with --project <key> (see \`countersign project list\`).`] });
  }
  return fallback;
}

/** A use case's field errors under the options a CLI user typed (e.g. user → --user), so the message names what they can fix. */
export function renameFields(error: unknown, optionOf: Record<string, string>): unknown {
  const refused = error instanceof ZodError ? toAppError(error) : error;
  if (!(refused instanceof AppError) || !refused.fieldErrors) return error;
  const named: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(refused.fieldErrors)) (named[optionOf[field] ?? field] ??= []).push(...messages);
  return new AppError(refused.code, error instanceof ZodError ? "Invalid options." : refused.message, named, refused.details);
}
