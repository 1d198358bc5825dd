import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, expect } from "vitest";
import { GLOBAL_CHAIN } from "../../lib/audit/append-event";
import { type CheckpointConfig, loadSigningKey, publicKeyPem } from "../../lib/audit/checkpoints";
import { GENESIS_HASH, hashEvent } from "../../lib/audit/hash";
import type { StoredEvent } from "../../lib/audit/verify-chain";
import { createDb, db, setDb, type Db } from "../../lib/db/client";
import { withDatabase } from "../../lib/db/pg-url";
import { createTestDatabase, type TestDatabase } from "./database";

/** One stored event as the verifier sees it (occurredAt as ISO text), plus the row id. */
export type EventRow = StoredEvent & { id: bigint; occurredAtDate: Date };

/** Every event of a chain, in seq order, read through the shared client. */
export async function readChain(chain = GLOBAL_CHAIN, afterSeq = 0): Promise<EventRow[]> {
  const rows = await db.auditEvent.findMany({ where: { chain, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    occurredAtDate: row.occurredAt,
    actor: row.actor,
    subject: row.subject,
    data: row.data,
    origin: row.origin,
    prevHash: row.prevHash,
    hash: row.hash,
  }));
}

/** The newest seq of a chain, 0 when empty. */
export async function headSeq(chain = GLOBAL_CHAIN): Promise<number> {
  const head = await db.auditEvent.findFirst({ where: { chain }, orderBy: { seq: "desc" }, select: { seq: true } });
  return head?.seq ?? 0;
}

/** Asserts the chain is seq 1..n without gaps, each event linked to the one before and matching its own hash. */
export function expectLinkedChain(events: StoredEvent[]): void {
  let prevHash = GENESIS_HASH;
  events.forEach((event, index) => {
    expect(event.seq, `seq at position ${index}`).toBe(index + 1);
    expect(event.prevHash, `prev_hash of ${event.seq}`).toBe(prevHash);
    expect(hashEvent(event.prevHash, event), `hash of ${event.seq}`).toBe(event.hash);
    prevHash = event.hash;
  });
}

/** A throw-away checkpoint directory and signing key file. */
export type TempCheckpoints = { config: CheckpointConfig; root: string; publicKeyPem: string; cleanup(): Promise<void> };

export async function tempCheckpoints(): Promise<TempCheckpoints> {
  const root = await mkdtemp(path.join(os.tmpdir(), "countersign-checkpoints-"));
  const config = { keyFile: path.join(root, "key", "checkpoint-key.pem"), dir: path.join(root, "checkpoints") };
  const key = await loadSigningKey(config.keyFile);
  return { config, root, publicKeyPem: publicKeyPem(key), cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** The superuser's URL for a test database (the test server's superuser, that database). */
export function superuserUrlOf(database: TestDatabase): string {
  return withDatabase(database.superuserUrl, database.name);
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * Runs `body` as the superuser with the audit triggers disabled, re-enabling
 * them afterwards as ENABLE ALWAYS (a plain ENABLE would leave them inactive
 * under session_replication_role = replica).
 */
export async function asSuperuserWithoutTriggers(database: TestDatabase, body: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = await connect(superuserUrlOf(database));
  try {
    await client.query("ALTER TABLE audit_events DISABLE TRIGGER ALL");
    try {
      await body(client);
    } finally {
      await client.query("ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_update_delete");
      await client.query("ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate");
    }
  } finally {
    await client.end();
  }
}

export type FreshDatabase = { database: TestDatabase; db: Db };

/**
 * Gives every test of the calling suite a database of its own (migrated, the
 * shared client connected to it as the runtime role), for tests that damage it.
 */
export function freshDatabasePerTest(poolSize = 4): FreshDatabase {
  const context = {} as FreshDatabase;
  beforeEach(async () => {
    context.database = await createTestDatabase();
    context.db = createDb(context.database.appUrl, poolSize);
    setDb(context.db);
  });
  afterEach(async () => {
    await context.db?.$disconnect();
    await context.database?.drop();
  });
  return context;
}
