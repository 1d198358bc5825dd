import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, GLOBAL_CHAIN, releaseChain } from "../../lib/audit/append-event";
import { checkpointHeads } from "../../lib/audit/checkpoint-heads";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { createDb, db, setDb, type Db } from "../../lib/db/client";
import { expectLinkedChain, readChain, type TempCheckpoints, tempCheckpoints } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { testContext } from "../support/users";

const WRITERS = 50;
const EVENTS_PER_WRITER = 200;
const TOTAL = WRITERS * EVENTS_PER_WRITER;
const POOL = 8;

const context = setupTestDatabase();
const RELEASE_CHAIN = releaseChain(randomUUID());
const CHAINS = [GLOBAL_CHAIN, RELEASE_CHAIN];

let pool: Db;
let checkpoints: TempCheckpoints;

beforeAll(async () => {
  // More connections than the default test pool, so both chains always have writers in flight.
  pool = createDb(context.database.appUrl, POOL);
  setDb(pool);
  checkpoints = await tempCheckpoints();
});

afterAll(async () => {
  await pool?.$disconnect();
  setDb(context.db);
  await checkpoints?.cleanup();
});

describe(`${WRITERS} concurrent writers x ${EVENTS_PER_WRITER} events over two chains`, () => {
  let elapsedMs = 0;
  let maxInFlight = 0;

  it("all appends succeed", { timeout: 240_000 }, async () => {
    expect(await db.auditEvent.count()).toBe(0);
    let inFlight = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < EVENTS_PER_WRITER; i += 1) {
        const chain = CHAINS[(w + i) % 2]!;
        await db.$transaction(
          async (tx) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              return await appendAuditEvent(tx, testContext(), {
                chain,
                type: "auth.sign_in_failed",
                subject: { kind: "account", id: `w${w}`, label: `writer ${w}` },
                data: { email: `w${w}-${i}@example.test`, reason: "wrong_credentials" },
              });
            } finally {
              inFlight -= 1;
            }
          },
          { timeout: 60_000, maxWait: 60_000 },
        );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    elapsedMs = performance.now() - started;
    console.info(`[audit-concurrency] ${TOTAL} appends by ${WRITERS} writers (pool ${POOL}) in ${(elapsedMs / 1000).toFixed(1)} s`);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(await db.auditEvent.count()).toBe(TOTAL);
  });

  it("each chain is gap-free and linked, with no fork and no lost or doubled event", async () => {
    const seen = new Set<string>();
    for (const chain of CHAINS) {
      const events = await readChain(chain);
      expect(events).toHaveLength(TOTAL / 2);
      expectLinkedChain(events);
      expect(new Set(events.map((event) => event.prevHash)).size).toBe(events.length);
      for (const event of events) seen.add((event.data as { email: string }).email);
    }
    expect(seen.size).toBe(TOTAL);
    for (let w = 0; w < WRITERS; w += 1) {
      for (let i = 0; i < EVENTS_PER_WRITER; i += 1) expect(seen.has(`w${w}-${i}@example.test`)).toBe(true);
    }
    // And the database agrees: no two events of a chain share a predecessor.
    const forks = await db.$queryRaw<{ chain: string }[]>`
      SELECT chain FROM audit_events GROUP BY chain, prev_hash HAVING count(*) > 1`;
    expect(forks).toEqual([]);
  });

  it("the writers interleaved on each chain", async () => {
    for (const chain of CHAINS) {
      const writers = (await readChain(chain)).map((event) => (event.subject as { id: string }).id);
      const switches = writers.filter((id, index) => index > 0 && id !== writers[index - 1]).length;
      expect(switches).toBeGreaterThan(WRITERS);
    }
  });

  it("verifyTrail reports the trail intact, with a checkpoint of both heads", async () => {
    await checkpointHeads({ config: checkpoints.config });
    const report = await verifyTrail({ checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
    expect(report).toMatchObject({ status: "intact", events: TOTAL, chains: 2, checkpoints: { count: 1 } });
    expect(report.heads.map((head) => [head.chain, head.seq])).toEqual(
      [...CHAINS].sort().map((chain) => [chain, TOTAL / 2]),
    );
  });
});
