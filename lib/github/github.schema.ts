import { z } from "zod";
import { versionSchema } from "../releases/release.schema";

/**
 * GitHub's `deployment_protection_rule` webhook (action `requested`), the
 * parts Countersign reads; GitHub sends more (deployment, pull_requests,
 * organization, sender…). Shapes recorded from GitHub's documentation in
 * tests/fixtures/github/.
 */
export const deploymentProtectionRuleSchema = z.object({
  action: z.string(),
  environment: z.string().trim().min(1).max(255),
  event: z.string().optional(),
  ref: z.string().max(255).optional(),
  sha: z.string().max(64).optional(),
  deployment_callback_url: z.string().max(2000).refine((value) => URL.canParse(value), "Not a URL."),
  deployment: z.object({ ref: z.string().max(255).optional(), sha: z.string().max(64).optional() }).nullable().optional(),
  repository: z.object({ full_name: z.string().max(300) }),
  installation: z.object({ id: z.number().int().positive() }),
});
export type DeploymentProtectionRule = z.output<typeof deploymentProtectionRuleSchema>;

/** owner/name as stored: GitHub's names are case-insensitive. */
export const repositoryNameSchema = z
  .string({ message: "Repository is required." })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{1,100}\/[a-z0-9_.-]{1,100}$/, "Repository must be owner/name, e.g. acme/mgit.");

export const linkRepositorySchema = z.object({ repository: repositoryNameSchema, project: z.string().trim().min(1, "Project is required.") });
export type LinkRepositoryInput = z.input<typeof linkRepositorySchema>;

/** The Countersign environment a GitHub environment maps to: its name in lower case, spaces and underscores as hyphens ("Production" → production). */
export function environmentKeyOf(githubEnvironment: string): string {
  return githubEnvironment
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/[^a-z0-9-]/g, "");
}

/** The version a deployment's ref names (the tag v5.2.0, refs/tags/5.2.0, …), or null when it names none (a branch such as main). */
export function versionOfRef(ref: string | undefined): string | null {
  if (!ref) return null;
  const name = ref.replace(/^refs\/(tags|heads)\//, "");
  const parsed = versionSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}
