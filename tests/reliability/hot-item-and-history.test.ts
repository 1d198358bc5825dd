import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { freePort } from "../../lib/db/embedded";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { TOKEN_CACHE_TTL_MS } from "../../lib/tokens/token-cache";
import { createToken, revokeToken } from "../../lib/tokens/tokens";
import { setUserRoles } from "../../lib/users/set-user-roles";
import { type AppInstance, randomAuthSecret, startAppInstance } from "../support/app-server";
import { expectLinkedChain, tempCheckpoints } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, releaseEvents, requiredOnlyChecklist } from "../support/releases";
import { createTestUser, type TestUser, testContext } from "../support/users";

/**
 * Regression tests from issue 18's side-by-side run (a peer answered 500 and
 * left duplicate rows under concurrent ticks of one item, and its release
 * detail grew with every revoked change), plus the API token cache across two
 * production instances: a revoke or role change made elsewhere is refused by
 * both at once, and no token ever answers as another user.
 */
const HAMMER_CONNECTIONS = 8;
const HAMMER_MS = 5_000;
const TOGGLES = 10_000;
const TOGGLE_WRITERS = 4;
/** How soon another instance must refuse what a write took away: the notification's delivery, far inside the cache's TTL. */
const PROPAGATION_MS = TOKEN_CACHE_TTL_MS / 5;

const context = setupTestDatabase();
const instances: AppInstance[] = [];
let templateId: string;
let owner: TestUser;
let token: string;

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
});

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(requiredOnlyChecklist(TOGGLE_WRITERS), "Hot item");
  owner = await createTestUser({ appRole: "member" });
  token = (await createToken(testContext(owner.id), owner.id, { name: "hot item" })).token;
  const authSecret = randomAuthSecret();
  const ports = [await freePort(), await freePort()];
  instances.push(...(await Promise.all(ports.map((port) => startAppInstance({ port, databaseUrl: context.database.appUrl, authSecret })))));
  // Each route's first call loads its code; that is start-up, not what the tests below measure.
  const { releaseId, itemKey } = await newRelease();
  for (const app of instances) {
    for (const init of [{}, { method: "PATCH", body: JSON.stringify({ status: "done" }) }]) {
      const response = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { ...init, headers: bearer(token) });
      expect(response.status).toBe(200);
    }
  }
}, 180_000);

async function newRelease(): Promise<{ releaseId: string; itemKey: string; itemKeys: string[] }> {
  const releaseId = (await createRelease(testContext(owner.id), { templateId, version: randomVersion(), environment: "staging" })).id;
  const itemKeys = (await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } })).map((row) => row.itemKey);
  return { releaseId, itemKey: itemKeys[0]!, itemKeys };
}

const bearer = (value: string) => ({ Authorization: `Bearer ${value}`, "Content-Type": "application/json" });

async function chainIsIntact(releaseId: string): Promise<void> {
  const checkpoints = await tempCheckpoints();
  try {
    const report = await verifyTrail({ chain: releaseChain(releaseId), checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
    expect(report.status).toBe("intact");
    expect(report.break).toBeUndefined();
  } finally {
    await checkpoints.cleanup();
  }
}

describe("one item under fire", () => {
  it(`${HAMMER_CONNECTIONS} connections changing one item for ${HAMMER_MS / 1000} s: no errors, every change applied once, the trail verifies`, { timeout: 60_000 }, async () => {
    const { releaseId, itemKey } = await newRelease();
    const [app] = instances as [AppInstance];
    const statuses: Record<number, number> = {};
    const accepted: string[] = [];
    const deadline = performance.now() + HAMMER_MS;
    let sent = 0;
    await Promise.all(
      Array.from({ length: HAMMER_CONNECTIONS }, async (_, worker) => {
        while (performance.now() < deadline) {
          sent += 1;
          const note = `worker ${worker} change ${sent}`;
          const response = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, {
            method: "PATCH",
            headers: bearer(token),
            body: JSON.stringify({ status: sent % 2 ? "done" : "open", note }),
          });
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          await response.arrayBuffer();
          if (response.status === 200) accepted.push(note);
        }
      }),
    );
    console.info(`[hot-item] ${sent} changes of one item in ${HAMMER_MS} ms over ${HAMMER_CONNECTIONS} connections: ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual({ 200: sent });
    expect(sent).toBeGreaterThanOrEqual(HAMMER_CONNECTIONS);

    // Every accepted change is one version and one event, none lost or doubled.
    const item = await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } } });
    expect(item.version).toBe(accepted.length);
    expect(accepted).toContain(item.note);
    const changes = (await releaseEvents(releaseId)).filter((event) => event.type === "item.updated");
    expect(changes).toHaveLength(accepted.length);
    expect(new Set(changes.map((event) => (event.data as { after?: { note?: string } }).after?.note))).toEqual(new Set(accepted));
    expectLinkedChain(await releaseEvents(releaseId));
    await chainIsIntact(releaseId);
  });

  it(`${HAMMER_CONNECTIONS} connections sending the same expectedVersion: exactly one wins, the others get 409, nothing else`, { timeout: 30_000 }, async () => {
    const { releaseId, itemKey } = await newRelease();
    const [first, second] = instances as [AppInstance, AppInstance];
    const responses = await Promise.all(
      Array.from({ length: HAMMER_CONNECTIONS }, (_, index) =>
        fetch(`${(index % 2 ? first : second).url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, {
          method: "PATCH",
          headers: bearer(token),
          body: JSON.stringify({ status: "done", note: `contender ${index}`, expectedVersion: 0 }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code: string } } })),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409).map((response) => response.body.error?.code)).toEqual(Array.from({ length: HAMMER_CONNECTIONS - 1 }, () => "CONFLICT"));
    expect((await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } } })).version).toBe(1);
    await chainIsIntact(releaseId);
  });
});

describe("a release's detail does not grow with its history", () => {
  it(`after ${TOGGLES.toLocaleString("en")} toggles of its items, the release and its items answer within 2× their size after the first`, { timeout: 600_000 }, async () => {
    const { releaseId, itemKeys } = await newRelease();
    const [app] = instances as [AppInstance];
    const sizes = async () => {
      const [detail, items] = await Promise.all(
        [`/api/v1/projects/default/releases/${releaseId}`, `/api/v1/projects/default/releases/${releaseId}/items`].map(async (path) => {
          const response = await fetch(`${app.url}${path}`, { headers: bearer(token) });
          expect(response.status).toBe(200);
          return (await response.arrayBuffer()).byteLength;
        }),
      );
      return { detail: detail!, items: items! };
    };
    // The use case in-process: the same transaction the API runs, without HTTP's cost per toggle. One writer
    // per item keeps both cores busy (the release's lock still applies them one at a time), and each
    // writer flips its own item, so every toggle is a change.
    const toggle = (itemKey: string, index: number) => setItemState(testContext(owner.id), { releaseId, itemKey, status: index % 2 ? "open" : "done" });
    await toggle(itemKeys[0]!, 0);
    const first = await sizes();
    const started = performance.now();
    const perItem = TOGGLES / TOGGLE_WRITERS;
    await Promise.all(
      itemKeys.map(async (itemKey, writer) => {
        for (let index = writer === 0 ? 1 : 0; index < perItem; index++) await toggle(itemKey, index);
      }),
    );
    const after = await sizes();
    console.info(`[history] ${TOGGLES} toggles in ${((performance.now() - started) / 1000).toFixed(0)} s; detail ${first.detail} → ${after.detail} bytes, items ${first.items} → ${after.items} bytes`);
    const versions = await db.itemState.findMany({ where: { releaseId }, select: { version: true } });
    expect(versions.reduce((sum, row) => sum + row.version, 0)).toBe(TOGGLES);
    expect(after.detail).toBeLessThanOrEqual(2 * first.detail);
    expect(after.items).toBeLessThanOrEqual(2 * first.items);
    await chainIsIntact(releaseId);
  });
});

describe("API token lookups cached by two instances", () => {
  const me = async (app: AppInstance, value: string) => {
    const response = await fetch(`${app.url}/api/v1/me`, { headers: bearer(value) });
    return { status: response.status, body: (await response.json()) as { id?: string; appRole?: string } };
  };

  it("each token answers as its own user on both instances, however the calls interleave", { timeout: 30_000 }, async () => {
    const other = await createTestUser({ appRole: "auditor" });
    const otherToken = (await createToken(testContext(other.id), other.id, { name: "second user" })).token;
    for (let round = 0; round < 5; round++) {
      for (const app of instances) {
        const [mine, theirs] = await Promise.all([me(app, token), me(app, otherToken)]);
        expect(mine).toMatchObject({ status: 200, body: { id: owner.id, appRole: "member" } });
        expect(theirs).toMatchObject({ status: 200, body: { id: other.id, appRole: "auditor" } });
      }
    }
  });

  /** Milliseconds until `answer` on `app` gives `status`, polling every 5 ms; fails after PROPAGATION_MS. */
  const msUntilStatus = async (app: AppInstance, status: number, answer: (app: AppInstance) => Promise<number>) => {
    const started = performance.now();
    for (;;) {
      if ((await answer(app)) === status) return performance.now() - started;
      if (performance.now() - started > PROPAGATION_MS) throw new Error(`${app.url} still did not answer ${status} ${PROPAGATION_MS} ms after the change committed`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("a token revoked by another process is refused by both instances as soon as the database's notification arrives", { timeout: 30_000 }, async () => {
    const user = await createTestUser({ appRole: "member" });
    const { token: doomed, row } = await createToken(testContext(user.id), user.id, { name: "to revoke" });
    for (const app of instances) for (let call = 0; call < 3; call++) expect((await me(app, doomed)).status).toBe(200);
    // This test process plays the CLI (or a third instance): the revoke reaches the servers only through the database.
    await revokeToken(testContext(user.id), { tokenId: row.id }, user.id);
    const ms = await Promise.all(instances.map((app) => msUntilStatus(app, 401, async (target) => (await me(target, doomed)).status)));
    console.info(`[token-cache] a revoke made elsewhere was refused by the two instances after ${ms.map((value) => value.toFixed(0)).join(" and ")} ms`);
    // Once refused, refused for good.
    for (const app of instances) expect((await me(app, doomed)).status).toBe(401);
  });

  it("a role taken away by another process is enforced by both instances as soon as the notification arrives", { timeout: 30_000 }, async () => {
    const admin = await createTestUser({ appRole: "admin" });
    const user = await createTestUser({ appRole: "member" });
    const { token: demoted } = await createToken(testContext(user.id), user.id, { name: "to demote" });
    const { releaseId, itemKey } = await newRelease();
    let lastAccepted = "";
    let attempt = 0;
    const patch = async (app: AppInstance, note: string) => {
      const text = `${note} ${++attempt}`;
      const response = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { method: "PATCH", headers: bearer(demoted), body: JSON.stringify({ status: "done", note: text }) });
      if (response.status === 200) lastAccepted = text;
      return response;
    };
    for (const [index, app] of instances.entries()) expect((await patch(app, `as a member ${index}`)).status).toBe(200);
    await setUserRoles(testContext(admin.id), { userId: user.id, appRole: "auditor", signoffRoles: [] });
    const ms = await Promise.all(instances.map((app, index) => msUntilStatus(app, 403, async (target) => (await patch(target, `as an auditor ${index}`)).status)));
    console.info(`[token-cache] a role change made elsewhere was enforced by the two instances after ${ms.map((value) => value.toFixed(0)).join(" and ")} ms`);
    // And what was written before is what both instances read back (reads are never cached).
    for (const app of instances) {
      const response = await fetch(`${app.url}/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { headers: bearer(token) });
      expect(((await response.json()) as { state: { note: string } }).state.note).toBe(lastAccepted);
    }
  });
});
