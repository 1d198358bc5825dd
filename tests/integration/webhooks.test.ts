import type { Runner } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlQuery } from "../../lib/db/sql";
import { CHANNELS } from "../../lib/jobs/tasks";
import { sendDelivery } from "../../lib/jobs/send-delivery";
import { startWorker } from "../../lib/jobs/worker";
import { DEFAULT_PROJECT_ID, DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import type { ProjectRef } from "../../lib/projects/resolve-project";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { addWebhook, rotateWebhookSecret } from "../../lib/webhooks/manage-webhooks";
import { runCli } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, refusalOf, SMALL_CHECKLIST } from "../support/releases";
import { completeItems, createSigner, sign, type Signer } from "../support/signoffs";
import { testContext } from "../support/users";
import { startWebhookReceiver } from "../support/webhook-receiver";

/**
 * Webhooks per project (issue 12) on the real job queue: messages signed per
 * Standard Webhooks, checked by the `standardwebhooks` package in a local
 * receiver; secret rotation sends both signatures during the overlap; the
 * Slack format; a target that is down, hangs past the timeout or answers 500
 * is retried and then dead; ticking is not slowed while a target hangs; the
 * SSRF guard refuses private targets when a webhook is added (naming the
 * field) and again when it is sent.
 */

const context = setupTestDatabase();
const project: ProjectRef = { id: DEFAULT_PROJECT_ID, key: DEFAULT_PROJECT_KEY, name: "Default" };
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let worker: Runner;
let templateId: string;
let signer: Signer;

beforeAll(async () => {
  Object.assign(process.env, { COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: "true", COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS: "1", COUNTERSIGN_PUBLIC_URL: "https://countersign.example.com" });
  await ensureDefaultSignoffRoles();
  receiver = await startWebhookReceiver();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Hooks");
  signer = await createSigner(["tech-lead"]);
  worker = await startWorker(context.database.appUrl, { concurrency: 4 });
});

afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

const deliveriesOf = (webhookId: string) =>
  sqlQuery<{ id: string; status: string; category: string; attempts: number; responseCode: number | null; durationMs: number | null; lastError: string | null }>(
    `SELECT id::text, status, category, attempts, response_code AS "responseCode", duration_ms AS "durationMs", last_error AS "lastError" FROM deliveries WHERE channel = 'webhook' AND target = $1 ORDER BY created_at`,
    [webhookId],
  );

/** A staging release whose items are done (ready for sign-off), and its id. */
async function readyRelease() {
  const version = randomVersion();
  const release = await createRelease(testContext(), { templateId, version, environment: "staging" });
  await completeItems(release.id);
  return { id: release.id, version };
}

describe("delivering webhooks", () => {
  it("signs each message per Standard Webhooks (verified independently), once per event it asked for, and logs status, code and duration", async () => {
    const hook = await addWebhook(testContext(), project, { url: `${receiver.url}/ok/main`, events: ["signoff.signed", "release.approved"], description: "chat-ops" });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.expect("main", hook.secret);
    const release = await readyRelease();
    await sign(signer, release.id, "Tech Lead");
    const got = await until(() => receiver.for("main"), (list) => list.length >= 2);
    expect(got.map((entry) => entry.verified)).toEqual([true, true]);
    expect(got.map((entry) => (entry.json as { type: string }).type).sort()).toEqual(["release.approved", "signoff.signed"]);
    const approved = got.find((entry) => (entry.json as { type: string }).type === "release.approved")!;
    expect(approved.json).toMatchObject({
      type: "release.approved",
      timestamp: expect.any(String),
      data: { project: { key: DEFAULT_PROJECT_KEY }, release: { id: release.id, version: release.version, status: "approved", environment: { key: "staging" }, url: `https://countersign.example.com/p/${DEFAULT_PROJECT_KEY}/releases/${release.id}` } },
    });
    expect(approved.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(approved.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const log = await until(() => deliveriesOf(hook.id), (rows) => rows.every((row) => row.status === "delivered"));
    expect(log.map((row) => [row.category, row.status, row.responseCode])).toEqual(expect.arrayContaining([["signoff.signed", "delivered", 204], ["release.approved", "delivered", 204]]));
    expect(log.every((row) => typeof row.durationMs === "number")).toBe(true);
    // A signature made with another secret does not verify.
    receiver.expect("main", "whsec_" + Buffer.alloc(32, 1).toString("base64"));
    await sign(await createSigner(["tech-lead"]), (await readyRelease()).id, "Tech Lead");
    const forged = await until(() => receiver.for("main"), (list) => list.length >= 4);
    expect(forged.slice(2).map((entry) => entry.verified)).toEqual([false, false]);
  });

  it("after a rotation both secrets sign during the overlap; without an overlap only the new one", async () => {
    const hook = await addWebhook(testContext(), project, { url: `${receiver.url}/ok/rotate`, events: ["release.ready"] });
    const rotated = await rotateWebhookSecret(testContext(), project, hook.id, { overlapHours: 24 });
    receiver.expect("rotate", hook.secret);
    await readyRelease();
    const [withOld] = await until(() => receiver.for("rotate"), (list) => list.length >= 1);
    expect(withOld!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(withOld!.verified).toBe(true);
    receiver.expect("rotate", rotated.secret);
    await readyRelease();
    const second = await until(() => receiver.for("rotate"), (list) => list.length >= 2);
    expect(second[1]!.verified).toBe(true);
    const again = await rotateWebhookSecret(testContext(), project, hook.id, { overlapHours: 0 });
    receiver.expect("rotate", rotated.secret);
    await readyRelease();
    const third = await until(() => receiver.for("rotate"), (list) => list.length >= 3);
    expect(third[2]!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(third[2]!.verified).toBe(false);
    // …and the new secret's does.
    expect(() => new Webhook(again.secret).verify(third[2]!.body, third[2]!.headers)).not.toThrow();
  });

  it("the slack format is {\"text\"} with user text escaped and a link to the release", async () => {
    await addWebhook(testContext(), project, { url: `${receiver.url}/ok/slack`, events: ["item.blocked"], format: "slack" });
    const version = randomVersion();
    const release = await createRelease(testContext(), { templateId, version, environment: "staging" });
    const [item] = await sqlQuery<{ item_key: string }>(`SELECT item_key FROM item_states WHERE release_id = $1::uuid ORDER BY position LIMIT 1`, [release.id]);
    await setItemState(testContext(), { releaseId: release.id, itemKey: item!.item_key, status: "blocked", reason: "vendor <@here> & co", expectedVersion: 0 });
    const [message] = await until(() => receiver.for("slack"), (list) => list.length >= 1);
    expect(Object.keys(message!.json as object)).toEqual(["text"]);
    expect((message!.json as { text: string }).text).toBe(
      `“Compile the code” on ${DEFAULT_PROJECT_KEY} ${version} (Staging) is blocked: vendor &lt;@here&gt; &amp; co. <https://countersign.example.com/p/${DEFAULT_PROJECT_KEY}/releases/${release.id}|Open in Countersign>`,
    );
  });
});

describe("failing targets", () => {
  it("a target that is down, answers 500, hangs past the timeout or redirects is retried, then dead", { timeout: 60_000 }, async () => {
    const targets = {
      down: "http://127.0.0.1:9/down",
      fail: `${receiver.url}/fail/x`,
      hang: `${receiver.url}/hang/x`,
      redirect: `${receiver.url}/redirect/x`,
    };
    const hooks = Object.fromEntries(await Promise.all(Object.entries(targets).map(async ([name, url]) => [name, await addWebhook(testContext(), project, { url, events: ["release.ready"] })] as const)));
    await readyRelease();
    const first = async (name: string) => (await until(() => deliveriesOf(hooks[name]!.id), (rows) => rows.length === 1 && rows[0]!.status !== "pending"))[0]!;
    expect(await first("down")).toMatchObject({ status: "retrying", attempts: 1, lastError: expect.stringMatching(/Could not deliver: connect ECONNREFUSED/) });
    expect(await first("fail")).toMatchObject({ status: "retrying", attempts: 1, responseCode: 500, lastError: "The target answered HTTP 500." });
    const hung = await first("hang");
    expect(hung).toMatchObject({ status: "retrying", lastError: "No answer within 1 s." });
    expect(hung.durationMs).toBeGreaterThanOrEqual(1000);
    // A redirect is not followed: no retry can help.
    expect(await first("redirect")).toMatchObject({ status: "dead", responseCode: 302, lastError: expect.stringContaining("redirects are not followed") });
    expect(receiver.for("x").filter((entry) => entry.path.startsWith("/ok/"))).toHaveLength(0);
    // The remaining tries, now rather than after their backoff: the last one leaves it dead.
    for (const name of ["down", "fail", "hang"]) {
      const id = (await deliveriesOf(hooks[name]!.id))[0]!.id;
      let outcome: { status: string } | null = null;
      for (let attempt = 2; attempt <= 8; attempt += 1) outcome = await sendDelivery(id, CHANNELS);
      expect(outcome?.status, name).toBe("dead");
      expect((await deliveriesOf(hooks[name]!.id))[0]).toMatchObject({ status: "dead", attempts: 8 });
    }
  });

  it("ticking is not slowed while webhook targets hang", { timeout: 60_000 }, async () => {
    process.env.COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS = "10";
    try {
      await addWebhook(testContext(), project, { url: `${receiver.url}/hang/tick`, events: ["item.blocked"] });
      const release = await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" });
      const items = await sqlQuery<{ item_key: string }>(`SELECT item_key FROM item_states WHERE release_id = $1::uuid ORDER BY position`, [release.id]);
      // Each block is a webhook message to the hanging target: the worker's slots fill with requests that do not answer.
      for (const item of items.slice(0, 3)) await setItemState(testContext(), { releaseId: release.id, itemKey: item.item_key, status: "blocked", reason: "waiting", expectedVersion: 0 });
      await until(() => receiver.hanging(), (count) => count >= 3);
      const durations: number[] = [];
      for (let round = 0; round < 10; round += 1) {
        for (const item of items.slice(0, 3)) {
          const [state] = await sqlQuery<{ version: number; status: string }>(`SELECT version, status FROM item_states WHERE release_id = $1::uuid AND item_key = $2`, [release.id, item.item_key]);
          const started = performance.now();
          await setItemState(testContext(), { releaseId: release.id, itemKey: item.item_key, status: state!.status === "done" ? "open" : "done", expectedVersion: state!.version });
          durations.push(performance.now() - started);
        }
      }
      // Still hanging after all the ticks: they never waited for the targets.
      expect(receiver.hanging()).toBeGreaterThanOrEqual(3);
      durations.sort((a, b) => a - b);
      expect(durations[Math.floor(durations.length * 0.95)]).toBeLessThan(1000);
    } finally {
      process.env.COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS = "1";
    }
  });
});

describe("the SSRF guard and bad input", () => {
  it("refuses a URL that is not http(s), or private, loopback or link-local without the setting, naming the field, and adds nothing", async () => {
    process.env.COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE = "false";
    try {
      const before = await sqlQuery(`SELECT id FROM webhooks`);
      for (const [url, message] of [
        ["ftp://example.com/hook", /http\(s\)/],
        ["javascript:alert(1)", /http\(s\)/],
        ["https://user:pw@example.com/", /no user name or password/],
        ["http://127.0.0.1:8080/hook", /private, loopback or link-local/],
        ["http://localhost/hook", /resolves to (127\.0\.0\.1|::1)/],
        ["http://169.254.169.254/latest/meta-data", /private, loopback or link-local/],
        ["http://[::ffff:10.0.0.1]/hook", /private, loopback or link-local/],
        ["http://[fd00::1]/hook", /private, loopback or link-local/],
        ["http://[fe80::1]/hook", /private, loopback or link-local/],
      ] as const) {
        const refusal = await refusalOf(addWebhook(testContext(), project, { url }));
        expect(refusal.code, url).toBe("BAD_REQUEST");
        expect(refusal.fields.url?.join(" "), url).toMatch(message);
      }
      expect((await refusalOf(addWebhook(testContext(), project, { url: "https://example.com", events: ["nope" as never] }))).fields).toHaveProperty(["events.0"]);
      expect(await sqlQuery(`SELECT id FROM webhooks`)).toEqual(before);
    } finally {
      process.env.COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE = "true";
    }
  });

  it("checks the address again when sending: a private target added while allowed is refused once the setting is off", async () => {
    const hook = await addWebhook(testContext(), project, { url: `${receiver.url}/ok/later`, events: ["release.ready"] });
    process.env.COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE = "false";
    try {
      await readyRelease();
      const [row] = await until(() => deliveriesOf(hook.id), (rows) => rows.length === 1 && rows[0]!.status !== "pending");
      expect(row).toMatchObject({ status: "dead", lastError: expect.stringContaining("private, loopback or link-local") });
      expect(receiver.for("later")).toHaveLength(0);
    } finally {
      process.env.COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE = "true";
    }
  });

  it("countersign webhook add prints its id and secret as JSON, and refuses a private URL naming --url", async () => {
    const env = { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl, COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: "true" };
    const added = await runCli(["webhook", "add", "--project", DEFAULT_PROJECT_KEY, "--url", `${receiver.url}/ok/cli`, "--events", "release.approved,release.deployed", "--format", "slack", "--json"], env);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), secret: expect.stringMatching(/^whsec_/), events: ["release.approved", "release.deployed"], format: "slack" });
    const refused = await runCli(["webhook", "add", "--project", DEFAULT_PROJECT_KEY, "--url", "http://10.1.2.3/hook"], { ...env, COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: "false" });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^error: .*\(--url: 10\.1\.2\.3 resolves to 10\.1\.2\.3, a private, loopback or link-local address/);
  });
});
