import "server-only";
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { type DeploymentProtectionRule, deploymentProtectionRuleSchema, environmentKeyOf, repositoryNameSchema, versionOfRef } from "./github.schema";

/**
 * Records a `deployment_protection_rule` request GitHub sent (its signature
 * already checked by the route): which repository (→ its linked project),
 * which GitHub environment (→ a Countersign environment key), which version
 * (from the deployment's ref), and where to answer. GitHub redelivers a
 * webhook with the same callback: the same row is returned. Answering is
 * lib/github/answer-deployment-review.ts (a job on the queue).
 */
export type RecordedRequest = { id: string; created: boolean; repository: string; projectId: string | null };

export async function recordDeploymentRequest(raw: unknown): Promise<RecordedRequest | null> {
  const parsed = deploymentProtectionRuleSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Not a deployment_protection_rule payload.", { payload: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
  const payload: DeploymentProtectionRule = parsed.data;
  if (payload.action !== "requested") return null;
  const repository = repositoryNameSchema.safeParse(payload.repository.full_name);
  const fullName = repository.success ? repository.data : payload.repository.full_name.toLowerCase();
  const link = repository.success ? await db.githubRepository.findUnique({ where: { fullName }, select: { projectId: true } }) : null;
  const ref = payload.deployment?.ref ?? payload.ref ?? "";
  const data = {
    projectId: link?.projectId ?? null,
    repository: fullName,
    environmentName: payload.environment,
    environmentKey: environmentKeyOf(payload.environment),
    version: versionOfRef(ref) ?? "",
    ref,
    sha: payload.deployment?.sha ?? payload.sha ?? "",
    callbackUrl: payload.deployment_callback_url,
    installationId: BigInt(payload.installation.id),
  };
  const existing = await db.githubDeploymentReview.findUnique({ where: { callbackUrl_environmentName: { callbackUrl: data.callbackUrl, environmentName: data.environmentName } }, select: { id: true } });
  const known = { repository: data.repository, projectId: data.projectId };
  if (existing) return { id: existing.id, created: false, ...known };
  try {
    const row = await db.githubDeploymentReview.create({ data, select: { id: true } });
    return { id: row.id, created: true, ...known };
  } catch (error) {
    // Two deliveries at once: the other one recorded it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const row = await db.githubDeploymentReview.findUniqueOrThrow({ where: { callbackUrl_environmentName: { callbackUrl: data.callbackUrl, environmentName: data.environmentName } }, select: { id: true } });
      return { id: row.id, created: false, ...known };
    }
    throw error;
  }
}
