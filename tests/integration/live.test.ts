import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease } from "../../lib/releases/create-release";
import { liveHub, type LiveMessage } from "../../lib/releases/live-hub";
import { RELEASE_CHANNEL, type ReleaseChange } from "../../lib/releases/notify";
import { setItemState } from "../../lib/releases/set-item-state";
import { updateContacts } from "../../lib/releases/update-contacts";
import { connect } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, refusalOf, setReleaseStatusAsOwner, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Live updates between app instances go through PostgreSQL LISTEN/NOTIFY.
 * Two independent connections stand in for two instances: each LISTENs on
 * the release channel, as lib/db/listener.ts does for its instance.
 */

const context = setupTestDatabase();

type Instance = { client: pg.Client; received: { change: ReleaseChange; at: number }[] };
const instances: Instance[] = [];

let templateId: string;
let userId: string;

beforeAll(async () => {
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Live");
  userId = (await createTestUser()).id;
  for (let index = 0; index < 2; index += 1) {
    const client = await connect(context.database.appUrl);
    const instance: Instance = { client, received: [] };
    client.on("notification", (message) => {
      if (message.channel === RELEASE_CHANNEL) instance.received.push({ change: JSON.parse(message.payload ?? "null") as ReleaseChange, at: Date.now() });
    });
    await client.query(`LISTEN ${client.escapeIdentifier(RELEASE_CHANNEL)}`);
    instances.push(instance);
  }
});

afterAll(async () => {
  for (const instance of instances) await instance.client.end();
});

async function newRelease() {
  const created = await createRelease(testContext(userId), { templateId, version: randomVersion(), environment: "staging" });
  const items = await context.db.itemState.findMany({ where: { releaseId: created.id }, orderBy: { position: "asc" }, select: { itemKey: true } });
  return { id: created.id, itemKeys: items.map((item) => item.itemKey) };
}

const forRelease = (instance: Instance, releaseId: string) => instance.received.filter((entry) => entry.change.releaseId === releaseId);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe("release notifications", () => {
  it("both listeners hear an item change within 1 s of the use case returning", async () => {
    const release = await newRelease();
    const itemKey = release.itemKeys[0]!;
    await setItemState(testContext(userId), { releaseId: release.id, itemKey, status: "done", expectedVersion: 0 });
    const committed = Date.now();
    expect(await waitFor(() => instances.every((instance) => forRelease(instance, release.id).length > 0), 1000)).toBe(true);
    for (const instance of instances) {
      const received = forRelease(instance, release.id);
      expect(received.map((entry) => entry.change)).toEqual([{ releaseId: release.id, kind: "item", itemKey }]);
      expect(received[0]!.at - committed).toBeLessThan(1000);
    }
  });

  it("the notification comes after the commit: a listener that reads on hearing it sees the change", async () => {
    const release = await newRelease();
    const itemKey = release.itemKeys[1]!;
    const reader = await connect(context.database.appUrl);
    try {
      const seen = new Promise<string>((resolve) => {
        instances[0]!.client.on("notification", function onChange(message) {
          const change = JSON.parse(message.payload ?? "null") as ReleaseChange;
          if (change.releaseId !== release.id) return;
          instances[0]!.client.off("notification", onChange);
          void reader
            .query<{ status: string }>("SELECT status::text FROM item_states WHERE release_id = $1 AND item_key = $2", [release.id, itemKey])
            .then((result) => resolve(result.rows[0]?.status ?? "missing"));
        });
      });
      await setItemState(testContext(userId), { releaseId: release.id, itemKey, status: "done", expectedVersion: 0 });
      expect(await seen).toBe("done");
    } finally {
      await reader.end();
    }
  });

  it("sends nothing for refused changes", async () => {
    const release = await newRelease();
    const [first, second] = release.itemKeys as [string, string];
    await setItemState(testContext(userId), { releaseId: release.id, itemKey: first, status: "done", expectedVersion: 0 });
    expect(await waitFor(() => instances.every((instance) => forRelease(instance, release.id).length === 1), 1000)).toBe(true);

    // A stale version, a missing reason, an unknown item: all refused.
    expect((await refusalOf(setItemState(testContext(userId), { releaseId: release.id, itemKey: first, status: "open", expectedVersion: 0 }))).code).toBe("CONFLICT");
    expect((await refusalOf(setItemState(testContext(userId), { releaseId: release.id, itemKey: second, status: "na", expectedVersion: 0 }))).code).toBe("BAD_REQUEST");
    expect((await refusalOf(setItemState(testContext(userId), { releaseId: release.id, itemKey: "no-such-item", status: "done", expectedVersion: 0 }))).code).toBe("NOT_FOUND");
    // An unchanged item is not a change either.
    await setItemState(testContext(userId), { releaseId: release.id, itemKey: first, status: "done", expectedVersion: 1 });
    // A read-only release refuses.
    await setReleaseStatusAsOwner(context.database, release.id, "cancelled");
    expect((await refusalOf(setItemState(testContext(userId), { releaseId: release.id, itemKey: second, status: "done", expectedVersion: 0 }))).code).toBe("CONFLICT");

    // A marker change on another release shows the channel is still delivering.
    const marker = await newRelease();
    await setItemState(testContext(userId), { releaseId: marker.id, itemKey: marker.itemKeys[0]!, status: "done", expectedVersion: 0 });
    expect(await waitFor(() => instances.every((instance) => forRelease(instance, marker.id).length === 1), 1000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const instance of instances) expect(forRelease(instance, release.id)).toHaveLength(1);
  });

  it("announces contact changes as a release change", async () => {
    const release = await newRelease();
    await updateContacts(testContext(userId), { releaseId: release.id, contacts: [{ role: "On-call Engineer", name: "Olga", phone: "", email: "" }] });
    expect(await waitFor(() => instances.every((instance) => forRelease(instance, release.id).length === 1), 1000)).toBe(true);
    for (const instance of instances) expect(forRelease(instance, release.id)[0]?.change).toEqual({ releaseId: release.id, kind: "release" });
  });

  it("the instance's live hub hands its subscribers the changed item and the release progress", async () => {
    process.env.DATABASE_URL = context.database.appUrl;
    const release = await newRelease();
    const other = await newRelease();
    const messages: LiveMessage[] = [];
    const unsubscribe = await liveHub().subscribe(release.id, (message) => messages.push(message));
    try {
      await setItemState(testContext(userId), { releaseId: other.id, itemKey: other.itemKeys[0]!, status: "done", expectedVersion: 0 });
      const itemKey = release.itemKeys[2]!;
      await setItemState(testContext(userId), { releaseId: release.id, itemKey, status: "done", note: "live", expectedVersion: 0 });
      expect(await waitFor(() => messages.length > 0, 1000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(messages).toEqual([
        {
          type: "item",
          item: expect.objectContaining({ itemKey, status: "done", note: "live", version: 1 }),
          release: { status: "in_progress", itemsTotal: 4, itemsDone: 1, requiredOpen: 3, blockedCount: 0 },
        },
      ]);
    } finally {
      unsubscribe();
    }
  });
});
