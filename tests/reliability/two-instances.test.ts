import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { MIGRATIONS_DIR, migrationNamesOnDisk, type MigrationReport } from "../../lib/db/migrate";
import { createRelease } from "../../lib/releases/create-release";
import { createToken } from "../../lib/tokens/tokens";
import { type AppInstance, randomAuthSecret, startAppInstance } from "../support/app-server";
import { createTestDatabase, setupTestDatabase, type TestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, requiredOnlyChecklist } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Two production instances on one database: a change made through the API of
 * the first reaches a live stream on the second (LISTEN/NOTIFY), and several
 * processes migrating one fresh database at once apply each migration once.
 */
const FIRST_PORT = Number(process.env.E2E_PORT ?? 3400) + 1;
const LIVE_WITHIN_MS = 5_000;
const MIGRATING_PROCESSES = 4;

const context = setupTestDatabase();
const instances: AppInstance[] = [];
const cleanup: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  for (const step of cleanup) await step();
});

describe("two app instances on one database", () => {
  let token: string;
  let releaseId: string;
  let itemKey: string;

  beforeAll(async () => {
    const templateId = await importMarkdownTemplate(requiredOnlyChecklist(3), "Instances");
    const user = await createTestUser();
    token = (await createToken(testContext(user.id), user.id, { name: "two instances" })).token;
    releaseId = (await createRelease(testContext(user.id), { templateId, version: randomVersion(), environment: "staging" })).id;
    itemKey = (await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } })).itemKey;
    const authSecret = randomAuthSecret();
    instances.push(
      ...(await Promise.all([0, 1].map((index) => startAppInstance({ port: FIRST_PORT + index, databaseUrl: context.database.appUrl, authSecret })))),
    );
  }, 120_000);

  it("a change made through the API of instance 1 arrives on the live stream of instance 2", { timeout: 60_000 }, async () => {
    const [first, second] = instances as [AppInstance, AppInstance];
    const abort = new AbortController();
    const stream = await fetch(`${second.url}/api/releases/${releaseId}/events`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    /** Reads the stream until an event of `type` whose data satisfies `match`, or fails after `ms`. */
    const nextEvent = async (type: string, match: (data: unknown) => boolean, ms: number) => {
      const deadline = performance.now() + ms;
      for (;;) {
        for (const block of buffered.split("\n\n").slice(0, -1)) {
          const name = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (name === type && data && match(JSON.parse(data))) {
            buffered = buffered.slice(buffered.indexOf(block) + block.length + 2);
            return JSON.parse(data) as unknown;
          }
        }
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no ${type} event within ${ms} ms; received: ${buffered.slice(-500)}`);
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
        if (chunk?.done) throw new Error("the stream ended");
        if (chunk) buffered += chunk.value;
      }
    };
    try {
      await nextEvent("snapshot", () => true, 10_000);
      const note = `made on instance 1 at ${Date.now()}`;
      const sentAt = performance.now();
      const patch = await fetch(`${first.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ status: "done", note }),
      });
      expect(patch.status).toBe(200);
      const received = (await nextEvent("item", (data) => (data as { item?: { note?: string } }).item?.note === note, LIVE_WITHIN_MS)) as { item: { key?: string; status: string; version: number } };
      const ms = performance.now() - sentAt;
      console.info(`[two-instances] the change made on instance 1 reached instance 2's stream ${ms.toFixed(0)} ms after it was sent`);
      expect(received.item).toMatchObject({ status: "done", version: 1 });
    } finally {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    }
  });
});

describe(`${MIGRATING_PROCESSES} processes migrating one fresh database at once`, () => {
  it("all succeed and each migration is applied exactly once", { timeout: 120_000 }, async () => {
    const database: TestDatabase = await createTestDatabase({ migrate: false });
    cleanup.push(() => database.drop());
    const directory = await mkdtemp(path.join(os.tmpdir(), "countersign-migrations-"));
    cleanup.push(() => rm(directory, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, directory, { recursive: true });
    // A last, non-idempotent migration: applying it twice would fail.
    await mkdir(path.join(directory, "99990101000000_reliability_extra"));
    await writeFile(path.join(directory, "99990101000000_reliability_extra", "migration.sql"), `CREATE TABLE "reliability_extra" ("id" INTEGER PRIMARY KEY);\n`);
    const names = await migrationNamesOnDisk(directory);

    const script = path.join(import.meta.dirname, "support", "apply-migrations.ts");
    const runs = await Promise.all(
      Array.from(
        { length: MIGRATING_PROCESSES },
        () =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ["--import", "tsx", script, database.ownerUrl, directory], { stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
            child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            child.once("exit", (code) => resolve({ code, stdout, stderr }));
          }),
      ),
    );
    expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, ""]));
    const reports = runs.map((run) => JSON.parse(run.stdout) as MigrationReport);
    // Serialized by the advisory lock: one process did all the work, the others found it done.
    expect(reports.map((report) => report.applied.length).sort((a, b) => a - b)).toEqual([...Array.from({ length: MIGRATING_PROCESSES - 1 }, () => 0), names.length]);
    expect(reports.flatMap((report) => report.applied)).toEqual(names);

    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      const rows = (await client.query<{ migration_name: string; copies: number; finished: number }>(
        `SELECT migration_name, count(*)::int AS copies, count(finished_at)::int AS finished FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
      )).rows;
      expect(rows).toEqual(names.map((name) => ({ migration_name: name, copies: 1, finished: 1 })));
    } finally {
      await client.end();
    }
  });
});
