import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Runner } from "graphile-worker";
import { sqlQuery, sqlTransaction } from "../../lib/db/sql";
import { createRelease } from "../../lib/releases/create-release";
import { createDeliveries, DeliveryError, retryDelayMs, type DeliveryChannel } from "../../lib/notifications/deliveries";
import { sendDelivery } from "../../lib/jobs/send-delivery";
import { retryDelivery } from "../../lib/notifications/retry-delivery";
import { CHANNELS } from "../../lib/jobs/tasks";
import { startWorker } from "../../lib/jobs/worker";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * The outbox and the job queue (docs/decisions/025): the outbox row and its
 * job commit with the audit event or not at all; deliveries retry with
 * exponential backoff and jitter, die after the last try, and come back when
 * an admin retries them; the worker runs as the runtime role.
 */
const injected = vi.hoisted(() => ({ failAfterEvent: false }));
vi.mock("../../lib/audit/append-event", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/audit/append-event")>();
  return {
    ...real,
    appendAuditEvent: (async (...args: Parameters<typeof real.appendAuditEvent>) => {
      const appended = await real.appendAuditEvent(...args);
      if (injected.failAfterEvent) throw new Error("injected failure after the audit event");
      return appended;
    }) as typeof real.appendAuditEvent,
  };
});

const context = setupTestDatabase();
let templateId: string;
let userId: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST);
  userId = (await createTestUser({ appRole: "admin" })).id;
});

const outboxRows = (releaseVersion: string) =>
  sqlQuery<{ id: string; kind: string }>(`SELECT o.id::text, o.kind FROM notification_outbox o JOIN releases r ON r.id = o.release_id WHERE r.version = $1`, [releaseVersion]);
const queuedJobs = (task: string) => sqlQuery<{ payload: Record<string, unknown>; run_at: Date; key: string | null }>(`SELECT j.payload, j.run_at, j.key FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1`, [task]);

describe("the outbox", () => {
  it("is written with the audit event, with its fan-out job; a rolled-back change writes neither", async () => {
    const jobsBefore = (await queuedJobs("notifications.fan_out")).length;
    const lost = randomVersion();
    injected.failAfterEvent = true;
    try {
      await expect(createRelease(testContext(userId), { templateId, version: lost, environment: "staging" })).rejects.toThrow("injected failure");
    } finally {
      injected.failAfterEvent = false;
    }
    expect(await sqlQuery(`SELECT 1 FROM releases WHERE version = $1`, [lost])).toHaveLength(0);
    expect(await sqlQuery(`SELECT 1 FROM notification_outbox WHERE payload->'data'->'after'->>'version' = $1`, [lost])).toHaveLength(0);
    expect(await queuedJobs("notifications.fan_out")).toHaveLength(jobsBefore);

    const kept = randomVersion();
    await createRelease(testContext(userId), { templateId, version: kept, environment: "staging" });
    const rows = await outboxRows(kept);
    expect(rows.map((row) => row.kind)).toEqual(["release.created"]);
    const jobs = await queuedJobs("notifications.fan_out");
    expect(jobs).toHaveLength(jobsBefore + 1);
    expect(jobs.map((job) => String(job.payload.outboxId))).toContain(rows[0]!.id);
  });
});

describe("deliveries", () => {
  const policy = { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000 };
  let failures = 0;
  const flaky: DeliveryChannel = {
    name: "test-flaky",
    retry: policy,
    send: async () => {
      failures += 1;
      throw new DeliveryError("503 from the target", { responseCode: 503 });
    },
  };

  async function newDelivery(key: string, maxAttempts = policy.maxAttempts): Promise<string> {
    const [id] = await sqlTransaction((sql) => createDeliveries(sql, [{ channel: "test-flaky", idempotencyKey: key, target: "https://example.test/hook", payload: { hello: "world" }, maxAttempts }]));
    return id!;
  }
  const row = (id: string) =>
    sqlQuery<{ status: string; attempts: number; last_error: string | null; response_code: number | null; next_attempt_at: Date | null; duration_ms: number | null }>(
      `SELECT status, attempts, last_error, response_code, next_attempt_at, duration_ms FROM deliveries WHERE id = $1::uuid`,
      [id],
    ).then((rows) => rows[0]!);

  it("waits exponentially longer between tries, with jitter inside half of each wait", () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(30_000);
    expect(retryDelayMs(policy, 1, () => 1)).toBe(60_000);
    expect(retryDelayMs(policy, 2, () => 0)).toBe(60_000);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(240_000);
    expect(retryDelayMs(policy, 9, () => 1)).toBe(600_000);
    const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(policy, 2)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it("an idempotency key makes one delivery however often it is created", async () => {
    const first = await newDelivery("test:same-key");
    const again = await sqlTransaction((sql) => createDeliveries(sql, [{ channel: "test-flaky", idempotencyKey: "test:same-key", target: "x", payload: {}, maxAttempts: 2 }]));
    expect(again).toEqual([]);
    expect(await sqlQuery(`SELECT 1 FROM deliveries WHERE idempotency_key = 'test:same-key'`)).toHaveLength(1);
    expect((await queuedJobs("deliveries.send")).filter((job) => job.key === `delivery:${first}`)).toHaveLength(1);
  });

  it("retries on the schedule, is dead after the last try, and an admin's retry queues it again", async () => {
    const id = await newDelivery("test:flaky");
    failures = 0;
    let previousWait = 0;
    for (let attempt = 1; attempt < policy.maxAttempts; attempt += 1) {
      const before = Date.now();
      const outcome = await sendDelivery(id, { "test-flaky": flaky });
      expect(outcome?.status).toBe("retrying");
      const state = await row(id);
      expect(state).toMatchObject({ status: "retrying", attempts: attempt, last_error: "503 from the target", response_code: 503 });
      const wait = state.next_attempt_at!.getTime() - before;
      const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(wait).toBeGreaterThanOrEqual(full / 2 - 50);
      expect(wait).toBeLessThanOrEqual(full + 1_000);
      if (attempt > 1) expect(wait).toBeGreaterThan(previousWait / 2);
      previousWait = wait;
      // The next try is queued in the job queue for that moment, under the delivery's job key.
      const [job] = (await queuedJobs("deliveries.send")).filter((entry) => entry.key === `delivery:${id}`);
      expect(Math.abs(job!.run_at.getTime() - state.next_attempt_at!.getTime())).toBeLessThan(1_000);
    }
    expect((await sendDelivery(id, { "test-flaky": flaky }))?.status).toBe("dead");
    expect(await row(id)).toMatchObject({ status: "dead", attempts: policy.maxAttempts, next_attempt_at: null });
    // A dead delivery is not tried again by a stray job.
    expect(await sendDelivery(id, { "test-flaky": flaky })).toBeNull();
    expect(failures).toBe(policy.maxAttempts);

    await retryDelivery(id);
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 0 });
    expect((await queuedJobs("deliveries.send")).filter((entry) => entry.key === `delivery:${id}`)).toHaveLength(1);
    await expect(retryDelivery(id)).rejects.toThrow(/only dead or cancelled/);
  });

  it("a permanent failure is dead at once", async () => {
    const id = await newDelivery("test:permanent");
    const refusing: DeliveryChannel = { name: "test-flaky", retry: policy, send: async () => Promise.reject(new DeliveryError("refused: not an http(s) URL", { permanent: true })) };
    expect((await sendDelivery(id, { "test-flaky": refusing }))?.status).toBe("dead");
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 1, last_error: "refused: not an http(s) URL" });
  });
});

describe("the worker", () => {
  let runner: Runner | undefined;
  afterAll(async () => {
    await runner?.stop();
    delete CHANNELS["test-ok"];
  });

  it("runs as the runtime role, fans out the outbox and sends deliveries, recording the response", async () => {
    const sent: string[] = [];
    CHANNELS["test-ok"] = { name: "test-ok", retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 1_000 }, send: async (delivery) => (sent.push(delivery.idempotencyKey), { responseCode: 202 }) };
    const [id] = await sqlTransaction((sql) => createDeliveries(sql, [{ channel: "test-ok", idempotencyKey: "test:worker", target: "t", payload: {}, maxAttempts: 2 }]));
    const version = randomVersion();
    await createRelease(testContext(userId), { templateId, version, environment: "staging" });

    runner = await startWorker(context.database.appUrl, { concurrency: 2 });
    const client = new pg.Client({ connectionString: context.database.appUrl });
    await client.connect();
    try {
      expect((await client.query(`SELECT current_user AS who`)).rows[0].who).toBe("countersign_app");
    } finally {
      await client.end();
    }
    await expect.poll(async () => (await sqlQuery<{ status: string; response_code: number }>(`SELECT status, response_code FROM deliveries WHERE id = $1::uuid`, [id]))[0], { timeout: 15_000 }).toEqual({ status: "delivered", response_code: 202 });
    expect(sent).toEqual(["test:worker"]);
    await expect.poll(async () => (await sqlQuery(`SELECT 1 FROM notification_outbox o JOIN releases r ON r.id = o.release_id WHERE r.version = $1 AND o.fanned_out_at IS NOT NULL`, [version])).length, { timeout: 15_000 }).toBe(1);
  });
});
