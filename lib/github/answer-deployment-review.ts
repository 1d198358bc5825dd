import "server-only";
import { db } from "../db/client";
import { sqlTransaction } from "../db/sql";
import { AppError } from "../errors/app-error";
import { publicBaseUrl } from "../config/public-url";
import { checkDeploymentGate } from "../gate/check-gate";
import { firstLine, logger } from "../observability/logger";
import { type DeploymentReviewBody, type GithubAppConfig, githubAppConfig, postDeploymentReview } from "./github-app";

/**
 * Answers one deployment GitHub asked about (lib/github/receive-deployment-protection.ts),
 * if it can be answered now, by the deployment gate's rule (lib/gate/check-gate.ts):
 * - allowed → approved, naming the release and its signers;
 * - a repository linked to no project, a ref that names no version, an
 *   environment the project does not have, a release cancelled or rolled
 *   back → rejected, saying why;
 * - anything else (no release of that version yet, items open, signatures
 *   missing) → left pending, with one status report on GitHub saying what it
 *   waits for; answered again when the release changes (a job on the queue).
 * A failed call to GitHub is recorded on the row and thrown, so the caller
 * (the job queue) tries again.
 */
export type ReviewOutcome = "approved" | "rejected" | "pending" | "answered-before";

type Decision = { state: "approved" | "rejected" | "pending"; comment: string };

async function decide(review: { projectId: string | null; repository: string; environmentName: string; environmentKey: string; version: string; ref: string }): Promise<Decision> {
  if (!review.projectId) {
    return { state: "rejected", comment: `Countersign: ${review.repository} is linked to no Countersign project. A maintainer links it with \`countersign github link --repo ${review.repository} --project <key>\`.` };
  }
  if (!review.version) {
    return { state: "rejected", comment: `Countersign: the ref \`${review.ref}\` names no version. Deploy from a tag named after the release's version, e.g. v5.2.0.` };
  }
  const project = await db.project.findUnique({ where: { id: review.projectId }, select: { id: true, key: true, name: true } });
  if (!project) return { state: "rejected", comment: `Countersign: the project ${review.repository} was linked to no longer exists.` };
  try {
    const answer = await checkDeploymentGate(project, { version: review.version, environment: review.environmentKey }, publicBaseUrl());
    if (answer.allowed) {
      const signers = answer.signatures.map((signature) => `${signature.role}: ${signature.printedName}`).join("; ");
      return { state: "approved", comment: `Countersign: ${project.key} ${answer.release.version} is approved for ${answer.release.environment.name}. Signed by ${signers}. ${answer.release.url}` };
    }
    const final = answer.missing.find((entry) => entry.kind === "status" && (entry.status === "cancelled" || entry.status === "rolled_back"));
    if (final) return { state: "rejected", comment: `Countersign: ${final.message} ${answer.url}` };
    const lines = answer.missing.slice(0, 8).map((entry) => `- ${entry.message}`);
    if (answer.missing.length > 8) lines.push(`- … and ${answer.missing.length - 8} more.`);
    return { state: "pending", comment: `Countersign: waiting for ${project.key} ${answer.release.version} to be approved for ${answer.release.environment.name}.\n${lines.join("\n")}\n${answer.url}` };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      // No such environment: it will not appear by waiting. No release of that version yet: it may be created.
      if (error.fieldErrors?.environment) return { state: "rejected", comment: `Countersign: ${error.message} (GitHub environment "${review.environmentName}" maps to "${review.environmentKey}".)` };
      return { state: "pending", comment: `Countersign: waiting: ${error.message}` };
    }
    throw error;
  }
}

/**
 * Answers one review, one answer at a time: the delivery queued when GitHub
 * sent the request and one queued by an approval can run at once on two
 * workers, and both would read it pending and post. A transaction-scoped
 * advisory lock per review makes the second wait until the first has posted
 * and recorded its answer; it then finds it answered and posts nothing. (The
 * lock's transaction holds only the lock: the review is read and written on
 * other connections, so nothing waits on a row.)
 */
export async function answerDeploymentReview(reviewId: string, config: GithubAppConfig | null = githubAppConfig()): Promise<ReviewOutcome> {
  return sqlTransaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(hashtext('github-review:' || $1)) AS locked`, [reviewId]);
    return answerAlone(reviewId, config);
  });
}

async function answerAlone(reviewId: string, config: GithubAppConfig | null): Promise<ReviewOutcome> {
  const review = await db.githubDeploymentReview.findUnique({ where: { id: reviewId } });
  if (!review) throw new AppError("NOT_FOUND", "Deployment review not found.");
  if (review.state !== "pending") return "answered-before";
  if (!config) throw new AppError("UNAVAILABLE", "The GitHub integration is not configured (COUNTERSIGN_GITHUB_WEBHOOK_SECRET).");
  const decision = await decide(review);
  const target = { callbackUrl: review.callbackUrl, installationId: review.installationId.toString() };
  if (decision.state === "pending") {
    // One status report per thing it waits for (GitHub keeps up to 10 per deployment): only when the reason changed.
    if (decision.comment !== review.comment) {
      try {
        await postDeploymentReview(config, target, { environment_name: review.environmentName, comment: decision.comment });
        await db.githubDeploymentReview.update({ where: { id: review.id }, data: { comment: decision.comment, updatedAt: new Date() } });
      } catch (error) {
        logger.warn({ reviewId, error: firstLine(error) }, "GitHub status report failed");
      }
    }
    return "pending";
  }
  const body: DeploymentReviewBody = { environment_name: review.environmentName, state: decision.state, comment: decision.comment };
  try {
    await postDeploymentReview(config, target, body);
  } catch (error) {
    await db.githubDeploymentReview.update({ where: { id: review.id }, data: { attempts: { increment: 1 }, lastError: firstLine(error), updatedAt: new Date() } });
    throw error;
  }
  // Answered once (and, should the lock ever be bypassed, a second answer changes nothing: state is pending only for the first).
  await db.githubDeploymentReview.updateMany({
    where: { id: review.id, state: "pending" },
    data: { state: decision.state, comment: decision.comment, answeredAt: new Date(), attempts: { increment: 1 }, lastError: null, updatedAt: new Date() },
  });
  return decision.state;
}

/** The pending reviews a change to this project's `version` may decide (the queue's job runs this when a release's status changes). */
export async function pendingReviewsOf(projectId: string, version: string): Promise<string[]> {
  const rows = await db.githubDeploymentReview.findMany({ where: { projectId, version, state: "pending" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => row.id);
}
