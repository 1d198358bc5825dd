import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent, GLOBAL_CHAIN } from "../../lib/audit/append-event";
import { checkpointHeads } from "../../lib/audit/checkpoint-heads";
import { type Checkpoint, writeCheckpoint } from "../../lib/audit/checkpoints";
import { GENESIS_HASH, hashEvent } from "../../lib/audit/hash";
import { verifyTrail, type VerifyReport } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { type CliResult, runCli } from "../support/cli";
import { asSuperuserWithoutTriggers, freshDatabasePerTest, readChain, type TempCheckpoints, tempCheckpoints } from "../support/audit";
import { testContext } from "../support/users";

const EVENTS = 12;

const fresh = freshDatabasePerTest();
let checkpoints: TempCheckpoints;

beforeEach(async () => {
  checkpoints = await tempCheckpoints();
});
afterEach(async () => {
  await checkpoints?.cleanup();
});

/** A fresh trail of EVENTS events on the global chain: the seed's 8 role events, then sign-in failures. */
async function seedTrail(): Promise<void> {
  await ensureDefaultSignoffRoles();
  for (let index = (await db.auditEvent.count()) + 1; index <= EVENTS; index += 1) {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, testContext(), {
        type: "auth.sign_in_failed",
        subject: { kind: "account", id: `user${index}@example.test`, label: `user${index}@example.test` },
        data: { email: `user${index}@example.test`, reason: "wrong_credentials" },
      }),
    );
  }
  expect(await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN } })).toBe(EVENTS);
}

async function checkpointNow(): Promise<string> {
  const result = await checkpointHeads({ config: checkpoints.config });
  if (!result.file) throw new Error("no checkpoint written");
  return result.file;
}

const verify = (checkpointDir = checkpoints.config.dir): Promise<VerifyReport> =>
  verifyTrail({ checkpointDir, publicKeyPem: checkpoints.publicKeyPem });

async function expectBreak(kind: string, seq: number, checkpointDir?: string): Promise<VerifyReport> {
  const report = await verify(checkpointDir);
  expect(report.status).toBe("broken");
  expect(report.break).toMatchObject({ chain: GLOBAL_CHAIN, kind, seq });
  return report;
}

const tamper = (body: (client: pg.Client) => Promise<unknown>) =>
  asSuperuserWithoutTriggers(fresh.database, async (client) => {
    await body(client);
  });

describe("tamper drills (superuser, triggers disabled)", () => {
  it("an intact trail with no checkpoints verifies intact", async () => {
    await seedTrail();
    const report = await verify();
    expect(report).toMatchObject({ status: "intact", events: EVENTS, chains: 1, checkpoints: { count: 0 } });
    expect(report.break).toBeUndefined();
    await checkpointNow();
    expect(await verify()).toMatchObject({ status: "intact", checkpoints: { count: 1 } });
  });

  it("(a) editing one field of one event is reported as modified at that seq", async () => {
    await seedTrail();
    await checkpointNow();
    const edits: [string, string][] = [
      ["actor", `actor = jsonb_set(actor, '{name}', '"Mallory"')`],
      ["data", `data = jsonb_set(data, '{email}', '"someone-else@example.test"')`],
      ["subject", `subject = jsonb_set(subject, '{label}', '"someone else"')`],
      ["origin", `origin = jsonb_set(origin, '{address}', '"203.0.113.66"')`],
      ["type", `type = 'auth.signed_in'`],
      ["occurred_at", `occurred_at = occurred_at + interval '1 millisecond'`],
      ["hash", `hash = repeat('f', 64)`],
    ];
    const seq = 10;
    for (const [field, assignment] of edits) {
      await tamper(async (client) => {
        await client.query(`CREATE TABLE tamper_original AS SELECT * FROM audit_events WHERE chain = $1 AND seq = $2`, [GLOBAL_CHAIN, seq]);
        const updated = await client.query(`UPDATE audit_events SET ${assignment} WHERE chain = $1 AND seq = $2`, [GLOBAL_CHAIN, seq]);
        expect(updated.rowCount).toBe(1);
      });
      const report = await expectBreak("modified", seq);
      expect(report.break?.detail, field).toContain(`${seq}`);
      // Put it back; the trail verifies again.
      await tamper(async (client) => {
        await client.query(`DELETE FROM audit_events WHERE chain = $1 AND seq = $2`, [GLOBAL_CHAIN, seq]);
        await client.query(`INSERT INTO audit_events SELECT * FROM tamper_original`);
        await client.query(`DROP TABLE tamper_original`);
      });
      expect((await verify()).status, `after restoring ${field}`).toBe("intact");
    }
  });

  it("(b) deleting a middle event is reported as deleted at its seq", async () => {
    await seedTrail();
    await checkpointNow();
    await tamper((client) => client.query(`DELETE FROM audit_events WHERE chain = $1 AND seq = 6`, [GLOBAL_CHAIN]));
    await expectBreak("deleted", 6);
  });

  it("(c) swapping two events' seq values is reported as reordered at the lower seq", async () => {
    await seedTrail();
    await checkpointNow();
    await tamper(async (client) => {
      const move = (from: number, to: number) => client.query(`UPDATE audit_events SET seq = $2 WHERE chain = $3 AND seq = $1`, [from, to, GLOBAL_CHAIN]);
      await move(4, 1_000_000);
      await move(9, 4);
      await move(1_000_000, 9);
    });
    const rows = await readChain();
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: EVENTS }, (_, index) => index + 1));
    await expectBreak("reordered", 4);
  });

  it("(d) deleting the last 3 events after a checkpoint is reported as truncated at old head - 2", async () => {
    await seedTrail();
    await checkpointNow();
    await tamper((client) => client.query(`DELETE FROM audit_events WHERE chain = $1 AND seq > $2`, [GLOBAL_CHAIN, EVENTS - 3]));
    // The remaining chain is self-consistent: without the checkpoint nothing looks wrong.
    expect((await verify(path.join(checkpoints.root, "no-checkpoints"))).status).toBe("intact");
    await expectBreak("truncated", EVENTS - 2);
  });

  it("(e) a consistently recomputed chain is reported as rewritten at the checkpointed head", async () => {
    await seedTrail();
    await checkpointNow();
    const changed = 3;
    await tamper(async (client) => {
      await client.query(`UPDATE audit_events SET data = jsonb_set(data, '{after,name}', '"Rubber Stamp"') WHERE chain = $1 AND seq = $2`, [
        GLOBAL_CHAIN,
        changed,
      ]);
      await recomputeChain(client, GLOBAL_CHAIN);
    });
    const rows = await readChain();
    expect(rows[changed - 1]?.data).toMatchObject({ after: { name: "Rubber Stamp" } });
    // Every hash checks out: only the checkpoint can tell.
    expect((await verify(path.join(checkpoints.root, "no-checkpoints"))).status).toBe("intact");
    const report = await expectBreak("rewritten", EVENTS);
    expect(report.break?.detail).toMatch(/checkpoint/);
  });

  it("a checkpoint file whose head hash was edited is reported as rewritten with an invalid signature", async () => {
    await seedTrail();
    const file = await checkpointNow();
    const checkpoint = JSON.parse(await readFile(file, "utf8")) as Checkpoint;
    const head = checkpoint.heads[GLOBAL_CHAIN]!;
    head.hash = head.hash.replace(/^./, (digit) => (digit === "0" ? "1" : "0"));
    await writeFile(file, JSON.stringify(checkpoint, null, 2));
    const report = await expectBreak("rewritten", EVENTS);
    expect(report.break?.detail).toMatch(/invalid signature/);
  });

  it("a checkpoint signed with another key is reported as rewritten with an invalid signature", async () => {
    await seedTrail();
    const [event] = await readChain(GLOBAL_CHAIN, EVENTS - 1);
    const other = await tempCheckpoints();
    try {
      await writeCheckpoint({ keyFile: other.config.keyFile, dir: checkpoints.config.dir }, { [GLOBAL_CHAIN]: { seq: EVENTS, hash: event!.hash } });
    } finally {
      await other.cleanup();
    }
    const report = await expectBreak("rewritten", EVENTS);
    expect(report.break?.detail).toMatch(/invalid signature/);
  });
});

/** Recomputes prev_hash and hash of every event of a chain in seq order, as a forger would. */
async function recomputeChain(client: pg.Client, chain: string): Promise<void> {
  const { rows } = await client.query<{
    seq: number;
    type: string;
    occurred_at: Date;
    actor: unknown;
    subject: unknown;
    data: unknown;
    origin: unknown;
  }>(`SELECT seq, type, occurred_at, actor, subject, data, origin FROM audit_events WHERE chain = $1 ORDER BY seq`, [chain]);
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const hash = hashEvent(prevHash, { chain, seq: row.seq, type: row.type, occurredAt: row.occurred_at.toISOString(), actor: row.actor, subject: row.subject, data: row.data, origin: row.origin });
    await client.query(`UPDATE audit_events SET prev_hash = $3, hash = $4 WHERE chain = $1 AND seq = $2`, [chain, row.seq, prevHash, hash]);
    prevHash = hash;
  }
}

type VerifyCliResult = CliResult & { json?: { status: string; break?: { kind: string; seq: number } } };

async function runVerifyCli(checkpointDir: string, env: Record<string, string>): Promise<VerifyCliResult> {
  const result = await runCli(["audit", "verify", "--json", "--checkpoints", checkpointDir], env);
  const line = result.stdout.trim().split("\n").at(-1);
  let json: VerifyCliResult["json"];
  try {
    json = line ? (JSON.parse(line) as VerifyCliResult["json"]) : undefined;
  } catch {
    json = undefined;
  }
  return { ...result, json };
}

describe("countersign audit verify (CLI)", () => {
  it("exits 0 when intact, 1 when broken, 2 when the database cannot be reached", { timeout: 90_000 }, async () => {
    await seedTrail();
    await checkpointNow();
    const env = {
      DATABASE_URL: fresh.database.appUrl,
      DATABASE_OWNER_URL: fresh.database.ownerUrl,
      COUNTERSIGN_CHECKPOINT_KEY: checkpoints.config.keyFile,
    };

    const intact = await runVerifyCli(checkpoints.config.dir, env);
    expect(intact, intact.stderr).toMatchObject({ code: 0, json: { status: "intact" } });

    await tamper((client) => client.query(`DELETE FROM audit_events WHERE chain = $1 AND seq > $2`, [GLOBAL_CHAIN, EVENTS - 3]));
    const broken = await runVerifyCli(checkpoints.config.dir, env);
    expect(broken, broken.stderr).toMatchObject({ code: 1, json: { status: "broken", break: { kind: "truncated", seq: EVENTS - 2 } } });

    const unreachable = await runVerifyCli(checkpoints.config.dir, { ...env, DATABASE_URL: "postgresql://x@127.0.0.1:1/x", DATABASE_OWNER_URL: "postgresql://x@127.0.0.1:1/x" });
    expect(unreachable, unreachable.stderr).toMatchObject({ code: 2, json: { status: "error" } });
  });
});
