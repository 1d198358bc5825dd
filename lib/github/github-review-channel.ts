import "server-only";
import type { Sql } from "../db/sql";
import { sqlTransaction } from "../db/sql";
import { AppError } from "../errors/app-error";
import { createDeliveries, DeliveryError, type DeliveryChannel } from "../notifications/deliveries";
import type { OutboxRow } from "../notifications/fan-out";
import { answerDeploymentReview } from "./answer-deployment-review";
import { GithubApiError } from "./github-app";

/**
 * GitHub's deployment reviews on the notification queue (docs/decisions/025,
 * 026): answering one is a delivery of the channel "github-review", retried
 * with backoff when GitHub does not take it, dead after the last try (and
 * retried by an admin on /admin/deliveries). A request is queued when GitHub
 * sends it, and again for every pending request of a version whose release
 * becomes approved, deployed, rolled back or cancelled (the outbox subscriber,
 * in the fan-out's transaction): a cancelled release is answered "rejected" at
 * once rather than left pending until GitHub's 30-day timeout.
 */
export const GITHUB_REVIEW_CHANNEL = "github-review";
export const GITHUB_REVIEW_RETRY = { maxAttempts: 10, baseDelayMs: 15_000, maxDelayMs: 30 * 60_000 };

const DECIDING_STATUSES = new Set(["approved", "deployed", "rolled_back", "cancelled"]);

const spec = (review: { id: string; repository: string; projectId: string | null }, reason: string) => ({
  channel: GITHUB_REVIEW_CHANNEL,
  idempotencyKey: `github-review:${review.id}:${reason}`,
  target: `github:${review.repository}`,
  category: "deployment_review",
  projectId: review.projectId,
  payload: { reviewId: review.id, subject: `GitHub deployment review for ${review.repository}` },
  maxAttempts: GITHUB_REVIEW_RETRY.maxAttempts,
});

/** Queues the answer to a request GitHub just sent (a redelivery queues nothing new). */
export async function queueDeploymentReview(review: { id: string; repository: string; projectId: string | null }): Promise<void> {
  await sqlTransaction((sql) => createDeliveries(sql, [spec(review, "received")]));
}

export async function githubReviewSubscriber(sql: Sql, row: OutboxRow): Promise<void> {
  if (row.kind !== "release.status_changed" || !row.projectId || !row.releaseId) return;
  const status = (row.payload.data as { after?: { status?: string } } | undefined)?.after?.status;
  if (!status || !DECIDING_STATUSES.has(status)) return;
  const pending = await sql.query<{ id: string; repository: string; projectId: string }>(
    `SELECT g.id::text, g.repository, g.project_id::text AS "projectId" FROM github_deployment_reviews g JOIN releases r ON r.id = $2::uuid
     WHERE g.project_id = $1::uuid AND g.version = r.version AND g.state = 'pending'`,
    [row.projectId, row.releaseId],
  );
  if (pending.length > 0) await createDeliveries(sql, pending.map((review) => spec(review, `outbox:${row.id}`)));
}

export const githubReviewChannel: DeliveryChannel = {
  name: GITHUB_REVIEW_CHANNEL,
  retry: GITHUB_REVIEW_RETRY,
  async send(delivery) {
    const { reviewId } = delivery.payload as { reviewId: string };
    try {
      await answerDeploymentReview(reviewId);
      return {};
    } catch (error) {
      if (error instanceof GithubApiError) throw new DeliveryError(error.message, { permanent: error.permanent });
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "UNAVAILABLE")) throw new DeliveryError(error.message, { permanent: true });
      throw error;
    }
  },
};
