import { cp, mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor } from "../../lib/audit/actor";
import { releaseChain } from "../../lib/audit/append-event";
import { checkpointHeads } from "../../lib/audit/checkpoint-heads";
import { loadSigningKey, publicKeyPem } from "../../lib/audit/checkpoints";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { loadActiveUser } from "../../lib/auth/session-user";
import { verifyCredentials } from "../../lib/auth/verify-credentials";
import { createDb, db, setDb, type Db } from "../../lib/db/client";
import { applyMigrations, MIGRATIONS_DIR, migrationNamesOnDisk } from "../../lib/db/migrate";
import { createRelease } from "../../lib/releases/create-release";
import { getRelease } from "../../lib/releases/get-release";
import { listReleases } from "../../lib/releases/list-releases";
import { setItemState } from "../../lib/releases/set-item-state";
import { listSignoffs, verifySignoff } from "../../lib/signoffs/get-signoffs";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import { authenticateToken } from "../../lib/tokens/tokens";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Issue 11, "Upgrade without loss": a database written by the previous
 * release (the schema up to LAST_PREVIOUS_MIGRATION, before projects) is
 * upgraded by applying every migration on disk, and nothing is lost.
 *
 * The fixture (tests/fixtures/upgrade/, see its README.md) is a data-only
 * dump made by the previous code through its real use cases, with the signed
 * audit checkpoints written then and the test-only key that signed them. The
 * test loads it into a database migrated only up to LAST_PREVIOUS_MIGRATION,
 * records the facts, verifies the trail against those checkpoints, applies
 * the remaining migrations and compares.
 */

const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/upgrade");
const LAST_PREVIOUS_MIGRATION = "20261206120000_locked_refusal_count";

/**
 * Audit events the upgrade itself appends: the projects migration appends
 * exactly one, project.upgraded (see the "projects" block at the end).
 */
const EVENTS_APPENDED_BY_UPGRADE = 1;

type Manifest = {
  testCredentials: { password: string; token: string; tokenUser: string };
  counts: Record<string, number>;
  releases: { id: string; environment: string; version: string; status: string }[];
  signoffs: { id: string; releaseId: string; role: string; status: string; contentHash: string }[];
  globalHead: { seq: number; hash: string };
};

/** Every stored event as text, in id order: what "byte-identical" is compared on. */
type EventText = { id: string; chain: string; seq: number; type: string; occurred_at: string; actor: string; subject: string; data: string; origin: string; prev_hash: string; hash: string };

type Facts = {
  /** Per table of the previous schema: its row count and an md5 over its rows, read through the previous schema's columns only. */
  tables: Record<string, { count: number; digest: string }>;
  releases: { id: string; environment: string; version: string; status: string }[];
  signoffs: { id: string; releaseId: string; role: string; status: string; contentHash: string }[];
  events: EventText[];
  heads: Record<string, { seq: number; hash: string }>;
};

let tmp: string;
let database: TestDatabase;
let client: Db | undefined;
let manifest: Manifest;
let checkpointDir: string;
let trustedKey: string;
let checkpointFiles: number;
/** The previous schema's columns of each of its tables (from information_schema before the upgrade). */
let previousColumns: Record<string, string[]>;
let before: Facts;
let after: Facts;
const savedEnv = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const connection = new pg.Client({ connectionString: url });
  await connection.connect();
  try {
    return await body(connection);
  } finally {
    await connection.end();
  }
}

/** A copy of the migration folders up to and including LAST_PREVIOUS_MIGRATION: the previous release's schema. */
async function previousMigrations(): Promise<string> {
  const names = await migrationNamesOnDisk();
  expect(names, `${LAST_PREVIOUS_MIGRATION} is on disk`).toContain(LAST_PREVIOUS_MIGRATION);
  const dir = path.join(tmp, "previous-migrations");
  await mkdir(dir, { recursive: true });
  for (const name of names.filter((name) => name <= LAST_PREVIOUS_MIGRATION)) {
    await cp(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

/**
 * Loads data.sql as the schema owner, in one transaction. The previous
 * migrations insert the two default environments and their gate; the dump
 * carries those rows too (as the old database had them), so they are removed
 * first. The audit triggers refuse only UPDATE, DELETE and TRUNCATE, so the
 * events go in as plain INSERTs; the dump sets audit_events_id_seq to its
 * last id, so new events continue after it.
 */
async function loadFixture(ownerUrl: string): Promise<void> {
  const sql = await readFile(path.join(FIXTURE_DIR, "data.sql"), "utf8");
  await withClient(ownerUrl, async (owner) => {
    const seeded = await owner.query<{ table: string; rows: number }>(
      `SELECT relname AS table, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', relname), false, true, '')))[1]::text::int AS rows
       FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> '_prisma_migrations'`,
    );
    expect(seeded.rows.filter((row) => row.rows > 0).map((row) => row.table).sort(), "rows the previous migrations insert").toEqual(["environment_gates", "environments"]);
    await owner.query("BEGIN");
    try {
      await owner.query("DELETE FROM environment_gates");
      await owner.query("DELETE FROM environments");
      await owner.query(sql);
      await owner.query("COMMIT");
    } catch (error) {
      await owner.query("ROLLBACK");
      throw error;
    }
  });
}

async function readColumns(owner: pg.Client): Promise<Record<string, string[]>> {
  const { rows } = await owner.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  const columns: Record<string, string[]> = {};
  for (const row of rows) (columns[row.table_name] ??= []).push(row.column_name);
  return columns;
}

/** The facts the upgrade must keep, read as the owner through the previous schema's columns. */
async function readFacts(ownerUrl: string): Promise<Facts> {
  return withClient(ownerUrl, async (owner) => {
    const tables: Facts["tables"] = {};
    for (const [table, columns] of Object.entries(previousColumns)) {
      const list = columns.map((column) => owner.escapeIdentifier(column)).join(", ");
      const { rows } = await owner.query<{ count: number; digest: string }>(
        `SELECT count(*)::int AS count, md5(coalesce(string_agg(t, E'\\n' ORDER BY t), '')) AS digest FROM (SELECT ROW(${list})::text AS t FROM public.${owner.escapeIdentifier(table)}) rows`,
      );
      tables[table] = rows[0]!;
    }
    const releases = await owner.query<Facts["releases"][number]>(
      `SELECT r.id::text, e.key AS environment, r.version, r.status::text FROM releases r JOIN environments e ON e.id = r.environment_id ORDER BY r.created_at, r.id`,
    );
    const signoffs = await owner.query<Facts["signoffs"][number]>(
      `SELECT id::text, release_id::text AS "releaseId", role, status::text, content_hash AS "contentHash" FROM signoffs ORDER BY signed_at, id`,
    );
    const events = await owner.query<EventText>(
      `SELECT id::text, chain, seq, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS occurred_at,
              actor::text, subject::text, data::text, origin::text, prev_hash, hash
       FROM audit_events ORDER BY audit_events.id`,
    );
    const heads: Facts["heads"] = {};
    for (const event of events.rows) {
      const head = heads[event.chain];
      if (!head || event.seq > head.seq) heads[event.chain] = { seq: event.seq, hash: event.hash };
    }
    return { tables, releases: releases.rows, signoffs: signoffs.rows, events: events.rows, heads };
  });
}

const verify = () => verifyTrail({ checkpointDir, publicKeyPem: trustedKey });

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "countersign-upgrade-"));
  manifest = JSON.parse(await readFile(path.join(FIXTURE_DIR, "manifest.json"), "utf8")) as Manifest;
  // The fixture's checkpoints and key are copied: checkpoints written during the test go to the copy.
  checkpointDir = path.join(tmp, "checkpoints");
  await cp(path.join(FIXTURE_DIR, "checkpoints"), checkpointDir, { recursive: true });
  const keyFile = path.join(tmp, "checkpoint-key.pem");
  await cp(path.join(FIXTURE_DIR, "checkpoint-key.TEST-ONLY.pem"), keyFile);
  trustedKey = publicKeyPem(await loadSigningKey(keyFile, false));
  checkpointFiles = (await readdir(checkpointDir)).filter((name) => name.endsWith(".json")).length;
  // Anything the application checkpoints on its own (a sign-off does) goes to the copy, signed with the fixture's key.
  process.env.COUNTERSIGN_CHECKPOINT_DIR = checkpointDir;
  process.env.COUNTERSIGN_CHECKPOINT_KEY = keyFile;

  database = await createTestDatabase({ migrationsDir: await previousMigrations() });
  await loadFixture(database.ownerUrl);
  client = createDb(database.appUrl, 4);
  setDb(client);
});

afterAll(async () => {
  await client?.$disconnect();
  await database?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  if (savedEnv.dir === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
  else process.env.COUNTERSIGN_CHECKPOINT_DIR = savedEnv.dir;
  if (savedEnv.key === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
  else process.env.COUNTERSIGN_CHECKPOINT_KEY = savedEnv.key;
});

// The tests run in order: each stage builds on the one before.
describe("upgrade from the previous schema (pre-projects)", () => {
  it("the fixture loads into the previous schema as it was made", async () => {
    const applied = await withClient(database.ownerUrl, async (owner) => (await owner.query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name`)).rows.map((row) => row.name));
    expect(applied.at(-1)).toBe(LAST_PREVIOUS_MIGRATION);
    previousColumns = await withClient(database.ownerUrl, readColumns);
    before = await readFacts(database.ownerUrl);

    expect(Object.keys(before.tables).sort()).toEqual(Object.keys(manifest.counts).sort());
    for (const [table, count] of Object.entries(manifest.counts)) expect(before.tables[table]?.count, table).toBe(count);
    expect(before.releases).toEqual(manifest.releases);
    expect(before.signoffs).toEqual(manifest.signoffs);
    expect(before.heads.global).toEqual(manifest.globalHead);
    // The fixture has what the upgrade must carry: every release status a finished or open release can have, and every sign-off status.
    expect(new Set(before.releases.map((release) => release.status))).toEqual(new Set(["deployed", "rolled_back", "approved", "awaiting_signoff", "cancelled", "in_progress"]));
    expect(new Set(before.signoffs.map((signoff) => signoff.status))).toEqual(new Set(["active", "stale", "revoked"]));
  });

  it("before the upgrade, the trail verifies intact against the checkpoints signed when the fixture was made", async () => {
    const report = await verify();
    expect(report.break).toBeUndefined();
    expect(report).toMatchObject({ status: "intact", events: before.events.length, chains: Object.keys(before.heads).length, checkpoints: { count: checkpointFiles } });
    expect(checkpointFiles).toBeGreaterThan(1);
    // (The sign-offs are verified through the app's code after the upgrade: that code reads the new schema.)
  });

  it("applies every migration after the previous schema's last one", async () => {
    const onDisk = await migrationNamesOnDisk();
    const report = await applyMigrations(database.ownerUrl);
    expect(report.applied).toEqual(onDisk.filter((name) => name > LAST_PREVIOUS_MIGRATION));
    expect(report.alreadyApplied).toBe(onDisk.filter((name) => name <= LAST_PREVIOUS_MIGRATION).length);
    after = await readFacts(database.ownerUrl);
  });

  it("loses nothing: every row of the previous schema is still there with the same values", () => {
    // Same tables, same counts, and the same values in every column the previous schema had (new columns are not read).
    for (const [table, facts] of Object.entries(before.tables)) {
      if (table === "audit_events") continue; // compared event by event below
      expect(after.tables[table], table).toEqual(facts);
    }
    expect(after.releases).toEqual(before.releases);
    expect(after.signoffs).toEqual(before.signoffs);
  });

  it("keeps every audit event byte-identical, in order, and appends only what the upgrade records", () => {
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.events.length).toBe(before.events.length + EVENTS_APPENDED_BY_UPGRADE);
    expect(after.events.map((event) => event.hash).slice(0, before.events.length)).toEqual(before.events.map((event) => event.hash));
  });

  it("verifies intact after the upgrade, and the checkpoints written before it still verify", async () => {
    const report = await verify();
    expect(report.break).toBeUndefined();
    expect(report).toMatchObject({ status: "intact", events: after.events.length, checkpoints: { count: checkpointFiles } });
    // A checkpoint written now, with the same key, verifies beside the old ones.
    const written = await checkpointHeads({ config: { dir: checkpointDir, keyFile: process.env.COUNTERSIGN_CHECKPOINT_KEY! } });
    expect(written.file).toBeDefined();
    expect(await verify()).toMatchObject({ status: "intact", checkpoints: { count: checkpointFiles + 1 } });
  });

  it("still works afterwards through the runtime role: reads, sign-in, tokens, item changes, a new release and a sign-off", async () => {
    const listed = await listReleases({ pageSize: 100 }, "system");
    expect(listed.total).toBe(before.releases.length);
    expect(listed.releases.map((release) => ({ id: release.id, environment: release.environment.key, version: release.version, status: release.status })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...before.releases].sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const release of before.releases) {
      const view = await getRelease(release.id, "system");
      expect({ status: view.status, environment: view.environment.key, version: view.version }).toEqual({ status: release.status, environment: release.environment, version: release.version });
      const signoffs = await listSignoffs(release.id);
      expect(signoffs.map((signoff) => signoff.id).sort()).toEqual(before.signoffs.filter((signoff) => signoff.releaseId === release.id).map((signoff) => signoff.id).sort());
    }
    for (const signoff of before.signoffs.filter((entry) => entry.status === "active")) expect((await verifySignoff(signoff.id)).matches).toBe(true);

    // The kept personal token still acts as its user; the fixture's password still signs in; the disabled user still cannot.
    const { password, token, tokenUser } = manifest.testCredentials;
    expect((await authenticateToken(token))?.user.email).toBe(tokenUser);
    await expect(verifyCredentials({ email: "member@countersign.test", password }, "203.0.113.9")).resolves.toMatchObject({ id: expect.any(String) });
    await expect(verifyCredentials({ email: "dan.departed@countersign.test", password }, "203.0.113.9")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });

    const quinn = await loadActiveUser((await db.user.findUniqueOrThrow({ where: { email: "qa-lead@countersign.test" }, select: { id: true } })).id);
    if (!quinn) throw new Error("qa-lead did not load");
    const context = { user: quinn, actor: userActor(quinn), origin: { address: "203.0.113.10", userAgent: "vitest" } };

    // An item of the in-progress release changes, on its chain.
    const open = before.releases.find((release) => release.status === "in_progress")!;
    const item = await db.itemState.findFirstOrThrow({ where: { releaseId: open.id, status: "open", assigneeId: null }, orderBy: { position: "asc" } });
    await setItemState(context, { releaseId: open.id, itemKey: item.itemKey, expectedVersion: item.version, status: "done", note: "Ticked after the upgrade." });
    const chainHead = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(open.id) }, orderBy: { seq: "desc" } });
    expect(chainHead).toMatchObject({ type: "item.updated", seq: before.heads[releaseChain(open.id)]!.seq + 1 });

    // A new release of an existing template, and a sign-off of the release that awaits it (production 1.5.0 lacks QA Lead).
    const payments = await db.template.findFirstOrThrow({ where: { name: "Payments API release" }, select: { id: true } });
    const created = await createRelease(context, { templateId: payments.id, version: "1.6.0", environment: "staging" });
    expect((await getRelease(created.id, "system")).status).toBe("draft");
    const awaiting = before.releases.find((release) => release.status === "awaiting_signoff")!;
    const { hash } = await currentContentHash(awaiting.id, "QA Lead");
    const signed = await signOff(context, { releaseId: awaiting.id, role: "QA Lead", meaning: "Signed after the upgrade.", password, shownHash: hash, confirm: "yes" });
    expect(signed.contentHash).toBe(hash);
    expect((await verifySignoff(signed.id)).matches).toBe(true);

    // The sign-off checkpointed its chain (into the copy); the whole trail, old checkpoints included, is still intact.
    const report = await verify();
    expect(report.break).toBeUndefined();
    expect(report.status).toBe("intact");
    expect(report.checkpoints.count).toBeGreaterThan(checkpointFiles + 1);
  });
});

/*
 * Projects (issue 11): everything moved into the project `default`, users
 * keep what they could do, and the upgrade's one audit event says what moved.
 * Read as the owner after `applyMigrations`.
 */
describe("projects (issue 11): the upgrade moves everything into the default project", () => {
  const DEFAULT_ID = "00000000-0000-4000-8000-0000000000d1";
  const query = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    withClient(database.ownerUrl, async (owner) => (await owner.query<T>(text, values)).rows);

  it("creates exactly one project, `default`, named Default project", async () => {
    expect(await query(`SELECT id::text, key, name FROM projects`)).toEqual([{ id: DEFAULT_ID, key: "default", name: "Default project" }]);
  });

  it("puts every environment, gate, template and release into it; tokens keep every scope over all their owner's projects", async () => {
    for (const table of ["environments", "environment_gates", "templates", "releases"]) {
      const [row] = await query<{ total: number; moved: number }>(`SELECT count(*)::int AS total, count(*) FILTER (WHERE project_id = $1::uuid)::int AS moved FROM ${table}`, [DEFAULT_ID]);
      // Every row is in default (the "still works" test above may have added one release, also there).
      expect(row?.moved, table).toBe(row?.total);
      expect(row?.total, table).toBeGreaterThanOrEqual(manifest.counts[table]!);
    }
    const tokens = await query<{ project_id: string | null; scopes: string[]; owned: boolean }>(`SELECT project_id::text, scopes, user_id = created_by_id AS owned FROM api_tokens`);
    expect(tokens).toHaveLength(manifest.counts.api_tokens!);
    for (const token of tokens) expect(token).toEqual({ project_id: null, scopes: ["releases:read", "releases:write", "items:write"], owned: true });
  });

  it("makes every member a contributor, keeps every role holding in default, and adds nobody else", async () => {
    const members = await query<{ email: string; app_role: string; role: string | null }>(
      `SELECT u.email, u.app_role::text, m.role::text FROM users u LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = $1::uuid ORDER BY u.email`,
      [DEFAULT_ID],
    );
    const holders = new Set((await query<{ email: string }>(`SELECT DISTINCT u.email FROM user_signoff_roles ur JOIN users u ON u.id = ur.user_id`)).map((row) => row.email));
    for (const member of members) {
      if (member.app_role === "member") expect(member.role, member.email).toBe("contributor");
      else if (holders.has(member.email)) expect(member.role, member.email).toBe(member.app_role === "admin" ? "maintainer" : "contributor");
      else expect(member.role, member.email).toBeNull();
    }
    const [holdings] = await query<{ total: number; inDefault: number }>(`SELECT count(*)::int AS total, count(*) FILTER (WHERE project_id = $1::uuid)::int AS "inDefault" FROM user_signoff_roles`, [DEFAULT_ID]);
    expect(holdings).toEqual({ total: manifest.counts.user_signoff_roles, inDefault: manifest.counts.user_signoff_roles });
    // Auditors stay organisation-wide: no auditor is limited to projects.
    expect(await query(`SELECT * FROM auditor_projects`)).toEqual([]);
  });

  it("appends one project.upgraded event after the previous global head, naming what moved", async () => {
    const events = await query<{ type: string; seq: number; prev_hash: string; data: Record<string, unknown> }>(
      `SELECT type, seq, prev_hash, data FROM audit_events WHERE chain = 'global' AND type LIKE 'project.%' ORDER BY seq`,
    );
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ type: "project.upgraded", seq: manifest.globalHead.seq + 1, prev_hash: manifest.globalHead.hash });
    expect(event?.data).toMatchObject({
      migration: "20261207000000_projects",
      project: { key: "default", name: "Default project" },
      moved: {
        environments: manifest.counts.environments,
        gates: manifest.counts.environment_gates,
        templates: manifest.counts.templates,
        releases: manifest.counts.releases,
        apiTokens: manifest.counts.api_tokens,
        roleHoldings: manifest.counts.user_signoff_roles,
      },
    });
  });
});
