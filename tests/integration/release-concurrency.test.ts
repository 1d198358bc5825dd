import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { createDb, db, setDb, type Db } from "../../lib/db/client";
import { AppError, toAppError } from "../../lib/errors/app-error";
import { createRelease } from "../../lib/releases/create-release";
import { recountRelease, setItemState } from "../../lib/releases/set-item-state";
import { statusFromProgress } from "../../lib/releases/release-status";
import { expectLinkedChain, type TempCheckpoints, tempCheckpoints } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, releaseEvents, requiredOnlyChecklist } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Many people ticking the same few items at once, each sending the item
 * version they read just before (optimistic concurrency): many changes are
 * refused, and every accepted one must be kept exactly once, in order.
 */
const CLIENTS = 50;
const ROUNDS = 20;
const ITEMS = 5;
const POOL = 10;

const context = setupTestDatabase();

let pool: Db;
let checkpoints: TempCheckpoints;
let releaseId: string;
let itemKeys: string[];
let clientIds: string[];

type Accepted = { itemKey: string; version: number; status: "open" | "done"; note: string; by: string };

beforeAll(async () => {
  // Enough connections that several writers always wait on the release row at once.
  pool = createDb(context.database.appUrl, POOL);
  setDb(pool);
  checkpoints = await tempCheckpoints();
  const templateId = await importMarkdownTemplate(requiredOnlyChecklist(ITEMS), "Concurrency");
  const user = await createTestUser();
  const created = await createRelease(testContext(user.id), { templateId, version: randomVersion(), environment: "staging" });
  releaseId = created.id;
  itemKeys = (await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } })).map((row) => row.itemKey);
  expect(itemKeys).toHaveLength(ITEMS);
  // Ten people behind the fifty clients (each user has several tabs open).
  clientIds = [];
  for (let person = 0; person < 10; person += 1) clientIds.push((await createTestUser({ name: `Person ${person}` })).id);
});

afterAll(async () => {
  await pool?.$disconnect();
  setDb(context.db);
  await checkpoints?.cleanup();
});

describe(`${CLIENTS} clients toggling the same ${ITEMS} items ${ROUNDS} times each`, () => {
  const accepted: Accepted[] = [];
  let conflicts = 0;
  let unavailable = 0;
  let elapsedMs = 0;

  it("every change is accepted, or refused as a conflict with the newer state, never half-done", { timeout: 120_000 }, async () => {
    /** Pool exhausted past its wait timeout, or Prisma's transaction wait/timeout ran out: nothing was applied. */
    const gaveUp = (error: unknown) => toAppError(error).code === "UNAVAILABLE" || (error as { code?: string }).code === "P2028";
    const client = async (c: number) => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const itemKey = itemKeys[(c + round) % ITEMS]!;
        const note = `client ${c} round ${round}`;
        let seen: { status: "open" | "done" | "na" | "blocked"; version: number };
        try {
          seen = await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } }, select: { status: true, version: true } });
        } catch (error) {
          if (!gaveUp(error)) throw error;
          unavailable += 1;
          continue;
        }
        const status = seen.status === "done" ? "open" : "done";
        try {
          const result = await setItemState(testContext(clientIds[c % clientIds.length]), { releaseId, itemKey, status, note, expectedVersion: seen.version });
          expect(result.item).toMatchObject({ itemKey, status, note, version: seen.version + 1 });
          accepted.push({ itemKey, version: result.item.version, status, note, by: clientIds[c % clientIds.length]! });
        } catch (error) {
          if (error instanceof AppError && error.code === "CONFLICT") {
            expect((error.details as { current: { version: number } }).current.version).toBeGreaterThan(seen.version);
            conflicts += 1;
          } else if (gaveUp(error)) {
            // Counted and reported; on an idle machine there are none. Had the change been
            // applied after all, the checks below would find an item version too many.
            unavailable += 1;
          } else {
            throw error;
          }
        }
      }
    };
    const started = performance.now();
    // Wait for every client before judging, so no straggler changes the release under the later checks.
    const outcomes = await Promise.allSettled(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    elapsedMs = performance.now() - started;
    console.info(
      `[release-concurrency] ${CLIENTS * ROUNDS} changes by ${CLIENTS} clients (pool ${POOL}): ${accepted.length} accepted, ${conflicts} conflicts, ${unavailable} unavailable (pool or transaction wait timed out), in ${(elapsedMs / 1000).toFixed(1)} s`,
    );
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    expect(accepted.length + conflicts + unavailable).toBe(CLIENTS * ROUNDS);
    expect(conflicts).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(ITEMS);
  });

  it("each item's version is the number of its accepted changes, and its state the last accepted one", async () => {
    const rows = await db.itemState.findMany({ where: { releaseId } });
    let total = 0;
    for (const itemKey of itemKeys) {
      const mine = accepted.filter((change) => change.itemKey === itemKey).sort((a, b) => a.version - b.version);
      // Versions 1..n, each exactly once: no change lost, none applied twice.
      expect(mine.map((change) => change.version)).toEqual(mine.map((_, index) => index + 1));
      const row = rows.find((candidate) => candidate.itemKey === itemKey);
      expect(row?.version).toBe(mine.length);
      const last = mine.at(-1);
      expect(row).toMatchObject(last ? { status: last.status, note: last.note, updatedById: last.by } : { status: "open", note: null });
      // Each accepted change toggled the state the one before left.
      mine.forEach((change, index) => expect(change.status).toBe(index % 2 === 0 ? "done" : "open"));
      total += mine.length;
    }
    expect(total).toBe(accepted.length);
  });

  it("the release's counters and status agree with its items", async () => {
    const counts = await recountRelease(db, releaseId);
    const release = await db.release.findUniqueOrThrow({ where: { id: releaseId } });
    expect(release).toMatchObject({ itemsTotal: ITEMS, itemsDone: counts.done, requiredOpen: counts.requiredOpen, blockedCount: 0 });
    expect(release.status).toBe(statusFromProgress("in_progress", { requiredOpen: counts.requiredOpen, touched: true }));
  });

  it("the release chain holds one item.updated per accepted change, in version order, gap-free", async () => {
    const events = await releaseEvents(releaseId);
    expectLinkedChain(events);
    expect(new Set(events.map((event) => event.chain))).toEqual(new Set([releaseChain(releaseId)]));
    const updates = events.filter((event) => event.type === "item.updated").map((event) => event.data as { itemKey: string; before: { note: string | null }; after: { status: string; note: string } });
    expect(updates).toHaveLength(accepted.length);
    for (const itemKey of itemKeys) {
      const logged = updates.filter((update) => update.itemKey === itemKey);
      const mine = accepted.filter((change) => change.itemKey === itemKey).sort((a, b) => a.version - b.version);
      expect(logged.map((update) => [update.after.status, update.after.note])).toEqual(mine.map((change) => [change.status, change.note]));
      // Each event's "before" is the previous event's "after": nothing happened between them.
      expect(logged.map((update) => update.before.note)).toEqual([null, ...mine.slice(0, -1).map((change) => change.note)]);
    }
    // Status changes alternate and each starts where the previous one ended.
    const statusChanges = events.filter((event) => event.type === "release.status_changed").map((event) => event.data as { before: { status: string }; after: { status: string } });
    expect(statusChanges[0]?.before.status).toBe("draft");
    statusChanges.slice(1).forEach((change, index) => expect(change.before.status).toBe(statusChanges[index]!.after.status));
    const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { status: true } });
    expect(statusChanges.at(-1)?.after.status).toBe(release.status);
  });

  it("verifyTrail reports the trail intact", async () => {
    const report = await verifyTrail({ checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
    expect(report.status).toBe("intact");
    expect(report.break).toBeUndefined();
  });
});
