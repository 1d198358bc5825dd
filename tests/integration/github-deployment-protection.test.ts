import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import type { Runner } from "graphile-worker";
import { CHANNELS } from "../../lib/jobs/tasks";
import { sendDelivery } from "../../lib/jobs/send-delivery";
import { startWorker } from "../../lib/jobs/worker";
import type { GithubAppConfig } from "../../lib/github/github-app";
import { handleGithubWebhook } from "../../lib/github/github-webhook";
import { answerDeploymentReview } from "../../lib/github/answer-deployment-review";
import { linkGithubRepository, unlinkGithubRepository } from "../../lib/github/link-repository";
import { DEFAULT_PROJECT_ID, DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { sqlQuery } from "../../lib/db/sql";
import { createProject } from "../../lib/projects/create-project";
import { createRelease } from "../../lib/releases/create-release";
import { finishRelease } from "../../lib/signoffs/release-transitions";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { runCli } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { startGithubStandIn } from "../support/github-standin";
import { importMarkdownTemplate, randomVersion, refusalOf, SMALL_CHECKLIST } from "../support/releases";
import { completeItems, createSigner, sign, type Signer } from "../support/signoffs";
import { testContext } from "../support/users";

/**
 * GitHub's custom deployment protection rule against a local stand-in of
 * GitHub's API (tests/support/github-standin.ts) with the payload shapes
 * recorded from GitHub's documentation (tests/fixtures/github/): the
 * delivery's signature is checked, the repository maps to its project, and
 * the deployment is approved through GitHub's review API once the release is
 * approved (a status report says what it waits for meanwhile), or rejected
 * with the reason.
 */

const context = setupTestDatabase();
const FIXTURE = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/github/deployment_protection_rule.requested.json"), "utf8")) as Record<string, unknown> & {
  deployment: Record<string, unknown>;
  repository: Record<string, unknown>;
};
const SECRET = "gh-webhook-secret-for-tests-0123456789";
const APP_ID = "271828";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
let github: Awaited<ReturnType<typeof startGithubStandIn>>;
let config: GithubAppConfig;
let templateId: string;
let stagingSigner: Signer;
let productionSigner: Signer;
let run = 7_305_212_000;
let worker: Runner;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  github = await startGithubStandIn({ appId: APP_ID, publicKeyPem: keys.publicKey });
  config = { webhookSecret: SECRET, appId: APP_ID, privateKey: keys.privateKey, apiUrl: github.url };
  // The worker answers as the app does in production: from the settings.
  Object.assign(process.env, { COUNTERSIGN_GITHUB_WEBHOOK_SECRET: SECRET, COUNTERSIGN_GITHUB_APP_ID: APP_ID, COUNTERSIGN_GITHUB_APP_PRIVATE_KEY: keys.privateKey, COUNTERSIGN_GITHUB_API_URL: github.url });
  worker = await startWorker(context.database.appUrl, { concurrency: 2 });
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "GitHub");
  stagingSigner = await createSigner(["tech-lead"]);
  productionSigner = await createSigner(["tech-lead"]);
  await linkGithubRepository(testContext(), { repository: "Acme/MGit", project: DEFAULT_PROJECT_KEY });
});

afterAll(async () => {
  await worker?.stop();
  await github?.close();
});

/** The recorded payload for this version and repository, its callback on the stand-in (a new workflow run each time). */
function delivery(options: { version?: string; ref?: string; repository?: string; callbackOrigin?: string } = {}) {
  run += 1;
  const ref = options.ref ?? `v${options.version}`;
  const repository = options.repository ?? "acme/mgit";
  const callback = `${options.callbackOrigin ?? github.url}/repos/${repository}/actions/runs/${run}/deployment_protection_rule`;
  return { ...FIXTURE, ref: `refs/tags/${ref}`, deployment_callback_url: callback, deployment: { ...FIXTURE.deployment, ref }, repository: { ...FIXTURE.repository, full_name: repository } };
}

function post(payload: unknown, options: { secret?: string; event?: string } = {}) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", options.secret ?? SECRET).update(body).digest("hex")}`;
  const request = new Request("http://localhost/api/github/deployment-protection", {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": options.event ?? "deployment_protection_rule", "x-hub-signature-256": signature, "x-github-delivery": crypto.randomUUID() },
    body,
  });
  return handleGithubWebhook(request, config);
}

/** Waits until the stand-in has received `count` answers for this delivery's callback (the worker sends them). */
async function answered(payload: { deployment_callback_url: string }, count: number) {
  const deadline = Date.now() + 20_000;
  while (reviewsFor(payload).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return reviewsFor(payload);
}

/** The review's delivery on the queue, once `until` holds for its status. */
async function deliveryOf(reviewId: string, until: (status: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [row] = await sqlQuery<{ id: string; status: string }>(`SELECT id::text, status FROM deliveries WHERE payload->>'reviewId' = $1`, [reviewId]);
    if ((row && until(row.status)) || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const reviewRow = (id: string) => db.githubDeploymentReview.findUniqueOrThrow({ where: { id } });
async function settled(id: string, until: (row: Awaited<ReturnType<typeof reviewRow>>) => boolean) {
  const deadline = Date.now() + 20_000;
  let row = await reviewRow(id);
  while (!until(row) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    row = await reviewRow(id);
  }
  return row;
}

const reviewsFor = (payload: { deployment_callback_url: string }) => github.reviews.filter((review) => payload.deployment_callback_url.endsWith(review.path));

async function approvedStaging(version: string) {
  const staging = await createRelease(testContext(), { templateId, version, environment: "staging" });
  await completeItems(staging.id);
  await sign(stagingSigner, staging.id, "Tech Lead");
}

describe("the deployment_protection_rule webhook", () => {
  it("waits with a status report while the release is not approved, approves when it is, and answers a redelivery once", async () => {
    const version = randomVersion();
    await approvedStaging(version);
    const production = await createRelease(testContext(), { templateId, version, environment: "production" });
    await completeItems(production.id);
    const payload = delivery({ version });

    const response = await post(payload);
    expect(response.status).toBe(202);
    const { review } = (await response.json()) as { review: string };
    expect(await answered(payload, 1)).toEqual([
      { path: expect.any(String), body: { environment_name: "Production", comment: expect.stringContaining("Tech Lead has not signed (0 of 1 signer).") } },
    ]);
    expect(await db.githubDeploymentReview.findUniqueOrThrow({ where: { id: review } })).toMatchObject({ state: "pending", projectId: DEFAULT_PROJECT_ID, version, environmentKey: "production", ref: `v${version}` });

    // The approval's outbox row → the fan-out → a github-review delivery → the answer, all on the queue.
    await sign(productionSigner, production.id, "Tech Lead");
    const answers = await answered(payload, 2);
    expect(answers).toHaveLength(2);
    expect(answers[1]!.body).toEqual({ environment_name: "Production", state: "approved", comment: expect.stringMatching(new RegExp(`approved for Production\\. Signed by Tech Lead: ${productionSigner.user.name}\\. .*/p/${DEFAULT_PROJECT_KEY}/releases/${production.id}$`)) });
    expect(await settled(review, (row) => row.state !== "pending")).toMatchObject({ state: "approved", answeredAt: expect.any(Date) });

    // GitHub redelivers: the same review, not answered again.
    const again = await post(payload);
    expect(((await again.json()) as { review: string }).review).toBe(review);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reviewsFor(payload)).toHaveLength(2);
  });

  it("answers a review once when two deliveries of it run at the same time (on receipt and after an approval)", async () => {
    const version = randomVersion();
    await approvedStaging(version);
    run += 1;
    // A pending review with no delivery queued for it: nothing but the two calls below answers it.
    const review = await db.githubDeploymentReview.create({
      data: {
        projectId: DEFAULT_PROJECT_ID,
        repository: "acme/mgit",
        environmentName: "Staging",
        environmentKey: "staging",
        version,
        ref: `v${version}`,
        callbackUrl: `${github.url}/repos/acme/mgit/actions/runs/${run}/deployment_protection_rule`,
        installationId: 4242n,
      },
    });
    const outcomes = await Promise.all([answerDeploymentReview(review.id, config), answerDeploymentReview(review.id, config)]);
    expect(outcomes.sort()).toEqual(["answered-before", "approved"]);
    expect(reviewsFor({ deployment_callback_url: review.callbackUrl }).map((answer) => answer.body.state)).toEqual(["approved"]);
    expect(await reviewRow(review.id)).toMatchObject({ state: "approved", attempts: 1 });
  });

  it("rejects a waiting request once its release is cancelled, saying so, instead of leaving it pending", async () => {
    const version = randomVersion();
    await approvedStaging(version);
    const production = await createRelease(testContext(), { templateId, version, environment: "production" });
    const payload = delivery({ version });
    const { review } = (await (await post(payload)).json()) as { review: string };
    expect(await answered(payload, 1)).toHaveLength(1);
    expect((await reviewRow(review)).state).toBe("pending");

    await finishRelease(testContext(), { releaseId: production.id, outcome: "cancelled", reason: "Superseded by a hotfix." });
    const answers = await answered(payload, 2);
    expect(answers[1]!.body).toEqual({ environment_name: "Production", state: "rejected", comment: expect.stringMatching(/^Countersign: .*cancelled/i) });
    expect(await settled(review, (row) => row.state !== "pending")).toMatchObject({ state: "rejected", answeredAt: expect.any(Date) });
  });

  it("approves at once a release already approved; rejects an unlinked repository, a ref naming no version, and an unknown environment, saying why", async () => {
    const version = randomVersion();
    await approvedStaging(version);
    const staging = { ...delivery({ version }), environment: "staging" };
    await post(staging);
    expect((await answered(staging, 1)).map((review) => review.body.state)).toEqual(["approved"]);

    const unlinked = delivery({ version, repository: "acme/other" });
    await post(unlinked);
    expect(await answered(unlinked, 1)).toEqual([{ path: expect.any(String), body: { environment_name: "Production", state: "rejected", comment: expect.stringContaining("countersign github link --repo acme/other --project <key>") } }]);

    const branch = delivery({ ref: "main" });
    await post(branch);
    expect((await answered(branch, 1))[0]?.body).toMatchObject({ state: "rejected", comment: expect.stringContaining("the ref `main` names no version") });

    const moon = { ...delivery({ version }), environment: "Moon Base" };
    await post(moon);
    expect((await answered(moon, 1))[0]?.body).toMatchObject({ environment_name: "Moon Base", state: "rejected", comment: expect.stringContaining('has no environment "moon-base"') });
  });

  it("refuses a delivery without the right signature (401) and records nothing; answers 404 while the integration is off; ignores other events", async () => {
    const before = await db.githubDeploymentReview.count();
    const forged = await post(delivery({ version: randomVersion() }), { secret: "not-the-secret-0123456789" });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(/X-Hub-Signature-256/);
    const unsigned = await handleGithubWebhook(new Request("http://localhost/x", { method: "POST", headers: { "x-github-event": "deployment_protection_rule" }, body: "{}" }), config);
    expect(unsigned.status).toBe(401);
    expect((await post({}, { event: "ping" })).status).toBe(200);
    expect((await post({ action: "created" }, { event: "issues" })).status).toBe(202);
    const off = await handleGithubWebhook(new Request("http://localhost/x", { method: "POST", body: "{}" }), null);
    expect(off.status).toBe(404);
    expect(await db.githubDeploymentReview.count()).toBe(before);
  });

  it("never sends the installation token to a callback off the configured GitHub API, and records a failed answer for the retry", async () => {
    const version = randomVersion();
    await approvedStaging(version);
    const elsewhere = { ...delivery({ version, callbackOrigin: "https://attacker.example" }), environment: "staging" };
    const { review } = (await (await post(elsewhere)).json()) as { review: string };
    // At least one try (an approval event processed meanwhile may queue the pending review once more): each refused the same way.
    const refused = await settled(review, (row) => row.attempts > 0);
    expect(refused).toMatchObject({ state: "pending", lastError: expect.stringContaining("not on the configured GitHub API") });
    expect(refused?.attempts).toBeGreaterThanOrEqual(1);
    expect((await deliveryOf(review, (status) => status !== "pending"))?.status).toBe("dead");

    // GitHub answers 502 once: the delivery retries (with backoff); its next try approves.
    const flaky = { ...delivery({ version }), environment: "staging" };
    github.failNext(1);
    const first = (await (await post(flaky)).json()) as { review: string };
    expect(await settled(first.review, (row) => row.attempts > 0)).toMatchObject({ state: "pending", lastError: expect.stringContaining("HTTP 502") });
    const retrying = await deliveryOf(first.review, (status) => status !== "pending");
    expect(retrying?.status).toBe("retrying");
    // The next try, now rather than after its backoff.
    expect(await sendDelivery(retrying!.id, CHANNELS)).toMatchObject({ status: "delivered" });
    expect(reviewsFor(flaky).map((entry) => entry.body.state)).toEqual(["approved"]);
  });
});

describe("linking repositories", () => {
  it("links one project per repository, audited; refuses a second project and a malformed name, naming the field", async () => {
    await createProject(testContext(), { key: "gh-other", name: "Other" });
    const second = await refusalOf(linkGithubRepository(testContext(), { repository: "acme/mgit", project: "gh-other" }));
    expect(second).toMatchObject({ code: "CONFLICT", fields: { repository: [`acme/mgit is linked to ${DEFAULT_PROJECT_KEY}; unlink it there first.`] } });
    const malformed = await refusalOf(linkGithubRepository(testContext(), { repository: "not a repo", project: DEFAULT_PROJECT_KEY }));
    expect(Object.keys(malformed.fields)).toEqual(["repository"]);
    await linkGithubRepository(testContext(), { repository: "acme/tools", project: DEFAULT_PROJECT_KEY });
    expect(await unlinkGithubRepository(testContext(), { repository: "ACME/Tools" })).toEqual({ repository: "acme/tools", project: DEFAULT_PROJECT_KEY });
    // The CLI, as an operator runs it on the server: one line naming the option it refuses.
    const cliEnv = { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl };
    const linked = await runCli(["github", "link", "--repo", "acme/cli", "--project", DEFAULT_PROJECT_KEY], cliEnv);
    expect(linked.stdout.trim(), linked.stderr).toBe(`Linked acme/cli to ${DEFAULT_PROJECT_KEY}.`);
    const taken = await runCli(["github", "link", "--repo", "ACME/MGIT", "--project", "mgit-nowhere"], cliEnv);
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe("error: Unknown project. (--project: No project with the key mgit-nowhere; see `countersign project list`.)");
    await unlinkGithubRepository(testContext(), { repository: "acme/cli" });
    const events = await db.auditEvent.findMany({ where: { type: { in: ["project.github_repository_linked", "project.github_repository_unlinked"] } }, orderBy: { id: "asc" }, select: { type: true, data: true } });
    expect(events.map((event) => [event.type, (event.data as { repository: string }).repository])).toEqual([
      ["project.github_repository_linked", "acme/mgit"],
      ["project.github_repository_linked", "acme/tools"],
      ["project.github_repository_unlinked", "acme/tools"],
      ["project.github_repository_linked", "acme/cli"],
      ["project.github_repository_unlinked", "acme/cli"],
    ]);
  });
});
