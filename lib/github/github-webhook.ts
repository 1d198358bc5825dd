import "server-only";
import { toAppError } from "../errors/app-error";
import { logger } from "../observability/logger";
import { type GithubAppConfig, githubAppConfig, verifyGithubSignature } from "./github-app";
import { queueDeploymentReview } from "./github-review-channel";
import { recordDeploymentRequest, type RecordedRequest } from "./receive-deployment-protection";

/** GitHub sends at most 25 MB; a deployment_protection_rule delivery is a few KB. */
export const MAX_GITHUB_BODY_BYTES = 1024 * 1024;

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
const refused = (code: string, status: number, message: string) => json(status, { error: { code, message } });

async function readBody(request: Request): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_GITHUB_BODY_BYTES) return null;
  const text = await request.text();
  return Buffer.byteLength(text) > MAX_GITHUB_BODY_BYTES ? null : text;
}

/**
 * POST /api/github/deployment-protection: GitHub's webhook deliveries for
 * Countersign's GitHub App. 404 while the integration is off (no webhook
 * secret); 401 unless X-Hub-Signature-256 is the body's HMAC with the secret
 * (checked before anything is parsed); `ping` answers 200; a
 * `deployment_protection_rule` request is recorded and its answer queued
 * (202): approved or rejected as soon as that can be decided, else when its
 * release changes (lib/github/github-review-channel.ts).
 * Other events are acknowledged and ignored.
 */
export async function handleGithubWebhook(request: Request, config: GithubAppConfig | null = githubAppConfig(), queue: (review: RecordedRequest) => Promise<void> = queueDeploymentReview): Promise<Response> {
  if (!config) return refused("NOT_FOUND", 404, "The GitHub integration is off: set COUNTERSIGN_GITHUB_WEBHOOK_SECRET (docs/ci.md).");
  const body = await readBody(request);
  if (body === null) return refused("PAYLOAD_TOO_LARGE", 413, `The delivery is larger than ${MAX_GITHUB_BODY_BYTES / 1024} KB.`);
  if (!verifyGithubSignature(config.webhookSecret, body, request.headers.get("x-hub-signature-256"))) {
    return refused("UNAUTHENTICATED", 401, "The X-Hub-Signature-256 header is missing or does not match the body (check the GitHub App's webhook secret).");
  }
  const event = request.headers.get("x-github-event");
  if (event === "ping") return json(200, { ok: true });
  if (event !== "deployment_protection_rule") return json(202, { ignored: event ?? "no X-GitHub-Event" });
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return refused("BAD_REQUEST", 400, "The delivery is not JSON.");
  }
  try {
    const recorded = await recordDeploymentRequest(payload);
    if (!recorded) return json(202, { ignored: "not a request" });
    // Answered by the job queue (GitHub wants the delivery acknowledged within 10 s; its API may be slow).
    await queue(recorded);
    return json(202, { review: recorded.id });
  } catch (error) {
    const failure = toAppError(error);
    if (failure.code === "INTERNAL") logger.error({ err: error }, "GitHub webhook failed");
    return json(failure.status, { error: { code: failure.code, message: failure.message, fields: failure.fieldErrors } });
  }
}

