import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { createDb, db, setDb, type Db } from "../../lib/db/client";
import { applyMigrations } from "../../lib/db/migrate";
import { provisionDatabase } from "../../lib/db/provision";
import { createRelease } from "../../lib/releases/create-release";
import { createToken } from "../../lib/tokens/tokens";
import { type AppInstance, type OwnCluster, randomAuthSecret, startAppInstance, startOwnCluster } from "../support/app-server";
import { expectLinkedChain, tempCheckpoints } from "../support/audit";
import { importMarkdownTemplate, randomVersion, releaseEvents, requiredOnlyChecklist } from "../support/releases";
import { TEST_APP_PASSWORD, TEST_OWNER_PASSWORD } from "../support/test-roles";
import { createTestUser, testContext } from "../support/users";

/**
 * The production server on a PostgreSQL of its own, under a steady load of
 * authenticated item changes through the JSON API; PostgreSQL is stopped
 * mid-run and started again. Requests during the outage must fail fast with
 * 503, the app must recover by itself, and every acknowledged change must be
 * in the database with its audit event.
 */
const PORT = Number(process.env.E2E_PORT ?? 3400);
const WORKERS = 6;
const ITEMS = 6;
const BEFORE_MS = 2_500;
const OUTAGE_MS = 4_000;
const AFTER_MS = 3_000;
const FAIL_FAST_MS = 5_000;
const RECOVERY_MS = 5_000;

let cluster: OwnCluster;
let app: AppInstance;
let client: Db;
let token: string;
let releaseId: string;
let itemKeys: string[];

type Sample = { worker: number; itemKey: string; note: string; startedAt: number; endedAt: number; status: number; body: string; contentType: string };

beforeAll(async () => {
  cluster = await startOwnCluster();
  const urls = await provisionDatabase({ superuserUrl: cluster.superuserUrl, database: "countersign", ownerPassword: TEST_OWNER_PASSWORD, appPassword: TEST_APP_PASSWORD });
  await applyMigrations(urls.ownerUrl);
  client = createDb(urls.appUrl, 2);
  setDb(client);
  const templateId = await importMarkdownTemplate(requiredOnlyChecklist(ITEMS), "Outage");
  const user = await createTestUser();
  token = (await createToken(testContext(user.id), user.id, { name: "outage load" })).token;
  releaseId = (await createRelease(testContext(user.id), { templateId, version: randomVersion(), environment: "staging" })).id;
  itemKeys = (await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } })).map((row) => row.itemKey);
  app = await startAppInstance({ port: PORT, databaseUrl: urls.appUrl, authSecret: randomAuthSecret() });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await client?.$disconnect();
  await cluster?.destroy();
});

const elapsed = (since: number) => performance.now() - since;

describe("a database outage under load", () => {
  const samples: Sample[] = [];
  const readiness: { at: number; status: number; ms: number }[] = [];
  let stopRequestedAt = 0;
  let stoppedAt = 0;
  let restartedAt = 0;

  it("fails fast with 503 while PostgreSQL is down and recovers by itself after it is back", { timeout: 90_000 }, async () => {
    let running = true;
    const worker = async (w: number) => {
      for (let i = 0; running; i += 1) {
        const itemKey = itemKeys[(w + i) % ITEMS]!;
        const note = `worker ${w} change ${i}`;
        const startedAt = performance.now();
        let status = 0;
        let body = "";
        let contentType = "";
        try {
          const response = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, {
            method: "PATCH",
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ status: i % 2 === 0 ? "done" : "open", note }),
            signal: AbortSignal.timeout(30_000),
          });
          status = response.status;
          contentType = response.headers.get("content-type") ?? "";
          body = await response.text();
        } catch (error) {
          body = `fetch failed: ${(error as Error).message}`;
        }
        samples.push({ worker: w, itemKey, note, startedAt, endedAt: performance.now(), status, body, contentType });
        // A client that got 503 backs off a little, as the message asks.
        if (status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const probe = async () => {
      while (running) {
        const at = performance.now();
        const response = await fetch(`${app.url}/api/ready`, { signal: AbortSignal.timeout(30_000) }).catch(() => null);
        readiness.push({ at, status: response?.status ?? 0, ms: elapsed(at) });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    // Warm the route up (the first request of a fresh server compiles nothing, but loads its chunks).
    const warm = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKeys[0]}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(warm.status).toBe(200);
    const load = [...Array.from({ length: WORKERS }, (_, w) => worker(w)), probe()];

    // Stop PostgreSQL once the load is flowing: at least BEFORE_MS and some acknowledged changes (the machine may be busy).
    const flowing = performance.now();
    while (elapsed(flowing) < BEFORE_MS || (samples.filter((sample) => sample.status === 200).length < 3 * WORKERS && elapsed(flowing) < 20_000)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stopRequestedAt = performance.now();
    await cluster.stop();
    stoppedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await cluster.start();
    restartedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, AFTER_MS));
    running = false;
    await Promise.all(load);

    const during = samples.filter((sample) => sample.startedAt >= stoppedAt && sample.endedAt <= restartedAt);
    const firstOkAfter = samples.filter((sample) => sample.startedAt >= restartedAt && sample.status === 200).sort((a, b) => a.endedAt - b.endedAt)[0];
    const maxOutageMs = Math.max(...during.map((sample) => sample.endedAt - sample.startedAt));
    const recoveryMs = firstOkAfter ? firstOkAfter.endedAt - restartedAt : Number.POSITIVE_INFINITY;
    const byStatus = new Map<number, number>();
    for (const sample of samples) byStatus.set(sample.status, (byStatus.get(sample.status) ?? 0) + 1);
    const counts = [...byStatus].map(([status, count]) => `${status}: ${count}`);
    console.info(
      `[database-outage] ${samples.length} requests by ${WORKERS} clients (${counts.join(", ")}); ${during.length} during the ${OUTAGE_MS / 1000} s outage, max latency ${maxOutageMs.toFixed(0)} ms; first 200 ${recoveryMs.toFixed(0)} ms after the restart; max latency of any request ${Math.max(...samples.map((s) => s.endedAt - s.startedAt)).toFixed(0)} ms`,
    );

    expect(samples.filter((sample) => sample.endedAt < stopRequestedAt && sample.status === 200).length).toBeGreaterThan(WORKERS);
    expect(during.length).toBeGreaterThan(WORKERS);
    // Every answer is a success, a version conflict or 503: never a 500, never a dropped connection.
    expect(samples.filter((sample) => ![200, 409, 503].includes(sample.status)).map((s) => `${s.status} ${s.body.slice(0, 200)}`)).toEqual([]);
    for (const sample of during) {
      expect(sample.status, sample.body).toBe(503);
      expect(sample.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(sample.body)).toEqual({ error: { code: "UNAVAILABLE", message: "The service is temporarily unavailable. Please try again in a moment." } });
    }
    expect(maxOutageMs).toBeLessThan(FAIL_FAST_MS);
    // No hang around the stop and the restart either (requests in flight when PostgreSQL went away or came back).
    const aroundOutage = samples.filter((sample) => sample.startedAt >= stopRequestedAt && sample.startedAt <= restartedAt);
    expect(Math.max(...aroundOutage.map((sample) => sample.endedAt - sample.startedAt))).toBeLessThan(FAIL_FAST_MS);
    expect(recoveryMs).toBeLessThan(RECOVERY_MS);
  });

  it("reports not ready during the outage and ready again after it, each answer quick", () => {
    const down = readiness.filter((probe) => probe.at >= stoppedAt && probe.at + probe.ms <= restartedAt);
    expect(down.length).toBeGreaterThan(3);
    for (const probe of down) expect(probe.status).toBe(503);
    expect(Math.max(...readiness.map((probe) => probe.ms))).toBeLessThan(FAIL_FAST_MS);
    expect(readiness.filter((probe) => probe.at > restartedAt && probe.status === 200).length).toBeGreaterThan(0);
    expect(readiness.filter((probe) => probe.at + probe.ms < stopRequestedAt).map((probe) => probe.status)).not.toContain(503);
    expect(readiness.filter((probe) => probe.at + probe.ms < stopRequestedAt).map((probe) => probe.status)).toContain(200);
  });

  it("kept every acknowledged change with its audit event, and nothing half-applied", async () => {
    const events = await releaseEvents(releaseId);
    expectLinkedChain(events);
    const updates = events.filter((event) => event.type === "item.updated").map((event) => event.data as { itemKey: string; after: { status: string; note: string | null } });
    const logged = new Set(updates.map((update) => update.after.note));
    const acknowledged = samples.filter((sample) => sample.status === 200);
    expect(acknowledged.filter((sample) => !logged.has(sample.note)).map((sample) => sample.note)).toEqual([]);
    // Each item: its version is its number of events, its state the last event's "after".
    const rows = await db.itemState.findMany({ where: { releaseId } });
    for (const row of rows) {
      const mine = updates.filter((update) => update.itemKey === row.itemKey);
      expect(row.version, row.itemKey).toBe(mine.length);
      const last = mine.at(-1);
      if (last) expect(last.after).toMatchObject({ status: row.status, note: row.note });
    }
    // An answered 200's note is the item state of some version: no acknowledged change is missing.
    expect(new Set(acknowledged.map((sample) => sample.note)).size).toBe(acknowledged.length);
    const checkpoints = await tempCheckpoints();
    const report = await verifyTrail({ chain: releaseChain(releaseId), checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
    await checkpoints.cleanup();
    expect(report.status).toBe("intact");
    expect(app.output()).not.toMatch(/unexpected error/);
  });
});
