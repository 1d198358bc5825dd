import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { db, type ReleaseStatus } from "../../lib/db/client";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { createRelease } from "../../lib/releases/create-release";
import { getRelease } from "../../lib/releases/get-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { updateContacts } from "../../lib/releases/update-contacts";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { allItems, type TemplateDocument } from "../../lib/templates/document";
import { getTemplateVersion } from "../../lib/templates/get-template";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { expectLinkedChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import {
  importMarkdownTemplate,
  importReferenceTemplate,
  randomVersion,
  refusalOf,
  releaseEvents,
  releaseSnapshot,
  setReleaseStatusAsOwner,
  SMALL_CHECKLIST,
  writeCounts,
} from "../support/releases";
import { createTestUser, type TestUser, testContext } from "../support/users";

/**
 * A switch around the real appendAuditEvent (as in audit-atomicity.test.ts):
 *   "before": throw where the event would be written (after the change);
 *   "after":  write the event, then throw (before the transaction commits).
 */
const injected = vi.hoisted(() => ({ mode: "off" as "off" | "before" | "after", calls: 0 }));

vi.mock("../../lib/audit/append-event", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/audit/append-event")>();
  return {
    ...real,
    appendAuditEvent: (async (...args: Parameters<typeof real.appendAuditEvent>) => {
      injected.calls += 1;
      if (injected.mode === "before") throw new Error("injected failure before the audit event");
      const appended = await real.appendAuditEvent(...args);
      if (injected.mode === "after") throw new Error("injected failure after the audit event");
      return appended;
    }) as typeof real.appendAuditEvent,
  };
});

const context = setupTestDatabase();

let referenceId: string;
let reference: TemplateDocument;
let smallId: string;
let user: TestUser;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  referenceId = await importReferenceTemplate();
  reference = (await getTemplateVersion(referenceId)).document;
  smallId = await importMarkdownTemplate(SMALL_CHECKLIST);
  user = await createTestUser({ name: "Rita Release" });
});

afterEach(() => {
  injected.mode = "off";
});

/** The reference's item keys: those for every environment, and those of each environment. */
function referenceKeys() {
  const entries = allItems(reference).map(({ item }) => item);
  return {
    common: entries.filter((item) => item.environments === null).map((item) => item.key),
    staging: entries.filter((item) => item.environments?.includes("staging")).map((item) => item.key),
    production: entries.filter((item) => item.environments?.includes("production")).map((item) => item.key),
  };
}

function requiredByKey(): Map<string, boolean> {
  return new Map(allItems(reference).map(({ item }) => [item.key, item.required]));
}

/** The newest item.updated event of a release. */
async function lastItemUpdate(releaseId: string) {
  return (await releaseEvents(releaseId)).filter((event) => event.type === "item.updated").at(-1);
}

async function stagingRelease(version = randomVersion()) {
  return createRelease(testContext(user.id), { templateId: referenceId, version, environment: "staging" });
}

/** A release of the small checklist and its item keys by title. */
async function smallRelease() {
  const created = await createRelease(testContext(user.id), { templateId: smallId, version: randomVersion(), environment: "staging" });
  const view = await getRelease(created.id, "system");
  const keys = new Map(view.sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items.map((item) => [item.title, item.key] as const))));
  const key = (title: string) => {
    const found = keys.get(title);
    if (!found) throw new Error(`no item "${title}" in ${[...keys.keys()].join(", ")}`);
    return found;
  };
  return {
    id: created.id,
    version: created.version,
    compile: key("Compile the code"),
    unitTests: key("Run the unit tests"),
    changelog: key("Update the changelog (optional)"),
    tag: key(`Tag the release ${created.version}`),
  };
}

async function itemRow(releaseId: string, itemKey: string) {
  return db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } } });
}

async function progressOf(releaseId: string) {
  return db.release.findUniqueOrThrow({
    where: { id: releaseId },
    select: { status: true, itemsTotal: true, itemsDone: true, requiredOpen: true, blockedCount: true },
  });
}

describe("createRelease", () => {
  it("creates a staging release of the reference: 100 + 9 staging items, draft, counters, contacts, one release.created event", async () => {
    const version = randomVersion();
    const created = await createRelease(testContext(user.id), { templateId: referenceId, version, environment: "staging" });
    expect(created).toStrictEqual({ id: expect.any(String), version, environment: "staging", items: 109 });

    const keys = referenceKeys();
    expect([keys.common.length, keys.staging.length, keys.production.length]).toEqual([100, 9, 9]);
    const items = await db.itemState.findMany({ where: { releaseId: created.id }, orderBy: { position: "asc" } });
    expect(items).toHaveLength(109);
    expect(new Set(items.map((item) => item.itemKey))).toEqual(new Set([...keys.common, ...keys.staging]));
    expect(items.filter((item) => keys.production.includes(item.itemKey))).toEqual([]);
    // In reading order, every item open and untouched, required as the template says
    // (three reference items are optional: "(if breaking changes)", "(if applicable)").
    expect(items.map((item) => item.position)).toEqual(items.map((_, index) => index));
    expect(items.map((item) => item.itemKey)).toEqual(
      allItems(reference).map(({ item }) => item.key).filter((key) => keys.common.includes(key) || keys.staging.includes(key)),
    );
    for (const item of items) {
      expect(item).toMatchObject({ status: "open", version: 0, reason: null, note: null, evidenceLinks: [], assigneeId: null, updatedById: null });
      expect(item.required, item.itemKey).toBe(requiredByKey().get(item.itemKey));
    }
    expect(items.filter((item) => !item.required)).toHaveLength(3);

    const release = await db.release.findUniqueOrThrow({ where: { id: created.id }, include: { environment: true } });
    const pinned = await db.templateVersion.findFirstOrThrow({ where: { templateId: referenceId, version: 1 }, select: { id: true } });
    expect(release).toMatchObject({
      version,
      status: "draft",
      templateVersionId: pinned.id,
      createdById: user.id,
      itemsTotal: 109,
      itemsDone: 0,
      requiredOpen: 106,
      blockedCount: 0,
      environment: { key: "staging", name: "Staging" },
    });
    expect(release.contacts).toEqual(
      ["On-call Engineer", "DevOps Lead", "Security Lead", "Product Manager"].map((role) => ({ role, name: "", phone: "", email: "" })),
    );

    const events = await releaseEvents(created.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      chain: `release:${created.id}`,
      seq: 1,
      type: "release.created",
      actor: { kind: "user", id: user.id },
      subject: { kind: "release", id: created.id, label: `Staging ${version}` },
      data: { after: { version, environment: "staging", templateName: expect.stringMatching(/^Reference /), templateVersion: 1, items: 109 } },
    });
    expectLinkedChain(events);
    // The event is on the release's chain only.
    expect(await db.auditEvent.count({ where: { subject: { path: ["id"], equals: created.id } } })).toBe(1);
  });

  it("stores a version given with a leading v without it", async () => {
    const version = randomVersion();
    const created = await stagingRelease(`v${version}`);
    expect(created.version).toBe(version);
    expect((await db.release.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(version);
  });

  it.each(["2.4", "latest", "", "   ", "1.2.3.4", "01.2.3", "2.4.0; DROP TABLE releases", "v", "x".repeat(65)])(
    "refuses the version %j naming the field, writing nothing",
    async (version) => {
      const before = await writeCounts();
      const refusal = await refusalOf(createRelease(testContext(user.id), { templateId: referenceId, version, environment: "staging" }));
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(Object.keys(refusal.fields)).toEqual(["version"]);
      expect(await writeCounts()).toEqual(before);
    },
  );

  it("refuses an unknown environment naming the field, writing nothing", async () => {
    const before = await writeCounts();
    const unknown = await refusalOf(createRelease(testContext(user.id), { templateId: referenceId, version: randomVersion(), environment: "qa" }));
    expect(unknown).toMatchObject({ kind: "app", code: "BAD_REQUEST", fields: { environment: ["Unknown environment."] } });
    expect(unknown.message).toContain("qa");
    const malformed = await refusalOf(createRelease(testContext(user.id), { templateId: referenceId, version: randomVersion(), environment: "Staging; --" }));
    expect(malformed.code).toBe("BAD_REQUEST");
    expect(Object.keys(malformed.fields)).toEqual(["environment"]);
    expect(await writeCounts()).toEqual(before);
  });

  it("refuses an unknown template or template version naming the field, writing nothing", async () => {
    const before = await writeCounts();
    const unknown = await refusalOf(createRelease(testContext(user.id), { templateId: randomUUID(), version: randomVersion(), environment: "staging" }));
    expect(unknown).toMatchObject({ kind: "app", code: "BAD_REQUEST", fields: { templateId: [expect.any(String)] } });
    const noSuchVersion = await refusalOf(
      createRelease(testContext(user.id), { templateId: referenceId, templateVersion: 99, version: randomVersion(), environment: "staging" }),
    );
    expect(noSuchVersion).toMatchObject({ kind: "app", code: "BAD_REQUEST", fields: { templateId: [expect.any(String)] } });
    const malformed = await refusalOf(createRelease(testContext(user.id), { templateId: "not-a-uuid", version: randomVersion(), environment: "staging" }));
    expect(malformed.code).toBe("BAD_REQUEST");
    expect(Object.keys(malformed.fields)).toEqual(["templateId"]);
    expect(await writeCounts()).toEqual(before);
  });

  describe("the production gate", () => {
    it("refuses production until the same version is approved in staging, then allows it", async () => {
      const version = randomVersion();
      const project = await db.project.findUniqueOrThrow({ where: { id: DEFAULT_PROJECT_ID }, select: { key: true, name: true } });
      const production = () => createRelease(testContext(user.id), { templateId: referenceId, version, environment: "production" });
      /** The refusal names the staging release it waits for, with its status and progress (or says there is none). */
      const expectGateRefusal = async (waitingFor: { id: string; status: string; total: number } | null) => {
        const before = await writeCounts();
        const refusal = await refusalOf(production());
        expect(refusal).toMatchObject({ kind: "app", code: "CONFLICT", fields: { environment: [refusal.message] } });
        const waits = waitingFor
          ? `Waiting for ${project.name} ${version} on Staging — 0/${waitingFor.total} items, 0/8 sign-offs (${waitingFor.status}).`
          : `There is no Staging ${version} release yet.`;
        expect(refusal.message).toBe(`Production ${version} needs ${version} approved in Staging first. ${waits}`);
        expect(refusal.details).toEqual({
          waitingFor: [
            {
              environment: { key: "staging", name: "Staging" },
              project: { key: project.key, name: project.name },
              release: waitingFor ? { id: waitingFor.id, status: expect.any(String), itemsDone: 0, itemsTotal: waitingFor.total, signaturesDone: 0, signaturesNeeded: 8 } : null,
            },
          ],
        });
        expect(await writeCounts()).toEqual(before);
      };

      await expectGateRefusal(null); // no staging release at all
      const staging = await stagingRelease(version);
      const total = (await db.release.findUniqueOrThrow({ where: { id: staging.id }, select: { itemsTotal: true } })).itemsTotal;
      await expectGateRefusal({ id: staging.id, status: "draft", total });
      for (const [status, label] of [["in_progress", "in progress"], ["awaiting_signoff", "awaiting sign-off"], ["cancelled", "cancelled"]] as const) {
        await setReleaseStatusAsOwner(context.database, staging.id, status);
        await expectGateRefusal({ id: staging.id, status: label, total });
      }

      // Another version approved in staging does not open the gate for this one.
      const other = await stagingRelease();
      await setReleaseStatusAsOwner(context.database, other.id, "approved");
      await expectGateRefusal({ id: staging.id, status: "cancelled", total });

      await setReleaseStatusAsOwner(context.database, staging.id, "approved");
      const created = await production();
      expect(created).toMatchObject({ version, environment: "production", items: 109 });
      const keys = referenceKeys();
      const items = await db.itemState.findMany({ where: { releaseId: created.id }, select: { itemKey: true } });
      expect(new Set(items.map((item) => item.itemKey))).toEqual(new Set([...keys.common, ...keys.production]));
      const [event] = await releaseEvents(created.id);
      expect(event).toMatchObject({ type: "release.created", subject: { label: `Production ${version}` } });
    });
  });

  it("refuses a second live staging release of the same version; a cancelled one may be redone", async () => {
    const version = randomVersion();
    const first = await stagingRelease(version);
    const before = await writeCounts();
    const refusal = await refusalOf(stagingRelease(version));
    expect(refusal).toMatchObject({ kind: "app", code: "CONFLICT", fields: { version: [`A staging release of ${version} already exists.`] } });
    // The same version given as "v…" is the same version.
    expect((await refusalOf(stagingRelease(`v${version}`))).code).toBe("CONFLICT");
    expect(await writeCounts()).toEqual(before);

    await setReleaseStatusAsOwner(context.database, first.id, "cancelled");
    const redo = await stagingRelease(version);
    expect(redo.id).not.toBe(first.id);
  });
});

describe("getRelease", () => {
  it("fills X.Y.Z in commands and lists the Rollback Procedures runbook", async () => {
    const created = await stagingRelease("2.4.0");
    const view = await getRelease(created.id, "system");
    expect(view).toMatchObject({
      id: created.id,
      version: "2.4.0",
      status: "draft",
      environment: { key: "staging", name: "Staging" },
      template: { id: referenceId, version: 1 },
      progress: { itemsTotal: 109, itemsDone: 0, requiredOpen: 106, blockedCount: 0 },
    });
    const items = view.sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items));
    expect(items).toHaveLength(109);
    const commands = items.flatMap((item) => (item.command ? [item.command] : []));
    expect(commands).toContain("./scripts/deploy.sh --environment staging --version 2.4.0");
    expect(JSON.stringify(view)).not.toContain("X.Y.Z");
    expect(JSON.stringify(view.sections)).not.toContain("--environment production");

    const environments = view.sections.find((section) => section.kind === "environments");
    expect(environments?.subsections.map((subsection) => subsection.title)).toEqual(["Staging Deployment"]);
    expect(view.runbooks.map((runbook) => runbook.title)).toEqual(["Rollback Procedures"]);
    expect(view.runbooks[0]?.markdown).toContain("./scripts/rollback.sh --environment production --force");
    expect(view.contacts.map((contact) => contact.role)).toEqual(["On-call Engineer", "DevOps Lead", "Security Lead", "Product Manager"]);
    expect(view.signoffGroups.flatMap((group) => group.roles)).toHaveLength(8);
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    expect((await refusalOf(getRelease(randomUUID(), "system"))).code).toBe("NOT_FOUND");
    expect((await refusalOf(getRelease("../../etc/passwd", "system"))).code).toBe("NOT_FOUND");
  });
});

describe("setItemState", () => {
  it("ticks an item done and open again, recording who, when and an item.updated event each time", async () => {
    const release = await smallRelease();
    const started = Date.now();
    const done = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 0 });
    expect(done.item).toMatchObject({ itemKey: release.compile, status: "done", version: 1, updatedByName: "Test Actor", reason: null });
    expect(Date.parse(done.item.updatedAt ?? "")).toBeGreaterThanOrEqual(started - 1000);
    expect(await itemRow(release.id, release.compile)).toMatchObject({ status: "done", version: 1, updatedById: user.id });
    expect(done.release).toMatchObject({ status: "in_progress", itemsTotal: 4, itemsDone: 1, requiredOpen: 2 });

    const open = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "open", expectedVersion: 1 });
    expect(open.item).toMatchObject({ status: "open", version: 2 });
    expect(open.release).toMatchObject({ status: "in_progress", itemsDone: 0, requiredOpen: 3 });

    const updates = (await releaseEvents(release.id)).filter((event) => event.type === "item.updated");
    expect(updates.map((event) => event.data)).toEqual([
      {
        itemKey: release.compile,
        itemTitle: "Compile the code",
        before: { status: "open", reason: null, note: null, evidenceLinks: [], assignee: null },
        after: { status: "done", reason: null, note: null, evidenceLinks: [], assignee: null },
      },
      {
        itemKey: release.compile,
        itemTitle: "Compile the code",
        before: { status: "done", reason: null, note: null, evidenceLinks: [], assignee: null },
        after: { status: "open", reason: null, note: null, evidenceLinks: [], assignee: null },
      },
    ]);
    expect(updates[0]?.actor).toMatchObject({ kind: "user", id: user.id });
  });

  it("needs a reason for N/A and blocked (field reason), keeps it, and drops it when the item is done", async () => {
    const release = await smallRelease();
    for (const status of ["na", "blocked"] as const) {
      for (const reason of [undefined, "", "   "]) {
        const refusal = await refusalOf(setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status, reason, expectedVersion: 0 }));
        expect(refusal.code).toBe("BAD_REQUEST");
        expect(Object.keys(refusal.fields)).toEqual(["reason"]);
      }
    }
    expect(await itemRow(release.id, release.compile)).toMatchObject({ status: "open", version: 0 });
    expect((await releaseEvents(release.id)).map((event) => event.type)).toEqual(["release.created"]);

    const blocked = await setItemState(testContext(user.id), {
      releaseId: release.id,
      itemKey: release.compile,
      status: "blocked",
      reason: "  The build farm is down  ",
      expectedVersion: 0,
    });
    expect(blocked.item).toMatchObject({ status: "blocked", reason: "The build farm is down" });
    expect(blocked.release).toMatchObject({ blockedCount: 1, itemsDone: 0, requiredOpen: 3 });

    const na = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "na", reason: "Interpreted language", expectedVersion: 1 });
    expect(na.item).toMatchObject({ status: "na", reason: "Interpreted language", version: 2 });
    expect(na.release).toMatchObject({ blockedCount: 0, itemsDone: 1, requiredOpen: 2 });

    const done = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", reason: "ignored", expectedVersion: 2 });
    expect(done.item).toMatchObject({ status: "done", reason: null, version: 3 });
    const last = await lastItemUpdate(release.id);
    expect(last).toMatchObject({ type: "item.updated", data: { before: { status: "na", reason: "Interpreted language" }, after: { status: "done", reason: null } } });
  });

  it("keeps notes up to 10,000 characters and up to 10 http(s) evidence links, refusing more naming the field", async () => {
    const release = await smallRelease();
    const base = { releaseId: release.id, itemKey: release.compile, status: "done" as const, expectedVersion: 0 };
    const snapshot = await releaseSnapshot(release.id);
    const links = (count: number) => Array.from({ length: count }, (_, index) => `https://ci.example.test/runs/${index}`);

    const refusals = {
      note: await refusalOf(setItemState(testContext(user.id), { ...base, note: "n".repeat(10_001) })),
      tooManyLinks: await refusalOf(setItemState(testContext(user.id), { ...base, evidenceLinks: links(11) })),
      javascript: await refusalOf(setItemState(testContext(user.id), { ...base, evidenceLinks: ["https://ok.example.test", "javascript:alert(document.cookie)"] })),
      javascriptMixedCase: await refusalOf(setItemState(testContext(user.id), { ...base, evidenceLinks: [" JavaScript:alert(1)"] })),
      data: await refusalOf(setItemState(testContext(user.id), { ...base, evidenceLinks: ["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="] })),
      relative: await refusalOf(setItemState(testContext(user.id), { ...base, evidenceLinks: ["/runs/1"] })),
    };
    expect(Object.keys(refusals.note.fields)).toEqual(["note"]);
    expect(Object.keys(refusals.tooManyLinks.fields)).toEqual(["evidenceLinks"]);
    expect(Object.keys(refusals.javascript.fields)).toEqual(["evidenceLinks.1"]);
    expect(Object.keys(refusals.javascriptMixedCase.fields)).toEqual(["evidenceLinks.0"]);
    expect(Object.keys(refusals.data.fields)).toEqual(["evidenceLinks.0"]);
    expect(Object.keys(refusals.relative.fields)).toEqual(["evidenceLinks.0"]);
    for (const refusal of Object.values(refusals)) expect(refusal.code).toBe("BAD_REQUEST");
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);

    const note = "n".repeat(10_000);
    const accepted = await setItemState(testContext(user.id), { ...base, note, evidenceLinks: links(10) });
    expect(accepted.item).toMatchObject({ note, evidenceLinks: links(10), version: 1 });
    const event = await lastItemUpdate(release.id);
    expect(event?.data).toMatchObject({ after: { evidenceLinks: links(10) } });
    expect((event?.data as { after: { note: string } }).after.note === note, "the event keeps the whole note").toBe(true);
  });

  it("answers NOT_FOUND naming itemKey for an item that is not part of the release", async () => {
    const staging = await stagingRelease();
    const snapshot = await releaseSnapshot(staging.id);
    const productionItem = referenceKeys().production[0]!;
    for (const itemKey of ["no-such-item", productionItem]) {
      const refusal = await refusalOf(setItemState(testContext(user.id), { releaseId: staging.id, itemKey, status: "done", expectedVersion: 0 }));
      expect(refusal).toMatchObject({ kind: "app", code: "NOT_FOUND", fields: { itemKey: [expect.any(String)] } });
      expect(refusal.message).toContain(itemKey);
    }
    expect((await refusalOf(setItemState(testContext(user.id), { releaseId: randomUUID(), itemKey: productionItem, status: "done", expectedVersion: 0 }))).code).toBe("NOT_FOUND");
    expect(await releaseSnapshot(staging.id)).toEqual(snapshot);
  });

  it("refuses a stale expectedVersion with CONFLICT and the current state, writing nothing", async () => {
    const release = await smallRelease();
    await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", note: "first", expectedVersion: 0 });
    const snapshot = await releaseSnapshot(release.id);

    for (const expectedVersion of [0, 2, 99]) {
      const refusal = await refusalOf(setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "open", note: "second", expectedVersion }));
      expect(refusal).toMatchObject({
        kind: "app",
        code: "CONFLICT",
        details: { current: { itemKey: release.compile, status: "done", note: "first", version: 1, updatedByName: "Test Actor" } },
      });
      expect(refusal.message).toContain("Someone else changed this item");
    }
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);
  });

  it("writes no event and keeps the version when nothing changes", async () => {
    const release = await smallRelease();
    await setItemState(testContext(user.id), {
      releaseId: release.id,
      itemKey: release.compile,
      status: "done",
      note: "built",
      evidenceLinks: ["https://ci.example.test/1"],
      expectedVersion: 0,
    });
    const snapshot = await releaseSnapshot(release.id);
    const same = await setItemState(testContext(user.id), {
      releaseId: release.id,
      itemKey: release.compile,
      status: "done",
      note: "built",
      evidenceLinks: ["https://ci.example.test/1"],
      expectedVersion: 1,
    });
    expect(same.item).toMatchObject({ status: "done", version: 1 });
    // Omitted note and links mean "leave them as they are".
    await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 1 });
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);
  });

  it("moves the release draft → in progress → awaiting sign-off (optional items may stay open) and back, all on one gap-free chain", async () => {
    const release = await smallRelease();
    const set = (itemKey: string, status: "open" | "done" | "na", expectedVersion: number, reason?: string) =>
      setItemState(testContext(user.id), { releaseId: release.id, itemKey, status, expectedVersion, ...(reason ? { reason } : {}) });
    expect(await progressOf(release.id)).toMatchObject({ status: "draft", itemsTotal: 4, itemsDone: 0, requiredOpen: 3 });

    expect((await set(release.compile, "done", 0)).release).toEqual({ status: "in_progress", itemsTotal: 4, itemsDone: 1, requiredOpen: 2, blockedCount: 0 });
    expect((await set(release.unitTests, "done", 0)).release).toMatchObject({ status: "in_progress", itemsDone: 2, requiredOpen: 1 });
    expect((await set(release.tag, "na", 0, "Tagged by the pipeline")).release).toEqual({
      status: "awaiting_signoff",
      itemsTotal: 4,
      itemsDone: 3,
      requiredOpen: 0,
      blockedCount: 0,
    });
    expect(await itemRow(release.id, release.changelog)).toMatchObject({ status: "open", required: false });
    // The optional item changes nothing about the status.
    expect((await set(release.changelog, "done", 0)).release).toMatchObject({ status: "awaiting_signoff", itemsDone: 4 });
    expect((await set(release.changelog, "open", 1)).release).toMatchObject({ status: "awaiting_signoff", itemsDone: 3 });
    // Reopening a required item goes back to in progress; ticking it again returns to awaiting sign-off.
    expect((await set(release.unitTests, "open", 1)).release).toMatchObject({ status: "in_progress", requiredOpen: 1 });
    expect((await set(release.unitTests, "done", 2)).release).toMatchObject({ status: "awaiting_signoff", requiredOpen: 0 });
    expect(await progressOf(release.id)).toMatchObject({ status: "awaiting_signoff", itemsDone: 3, requiredOpen: 0 });

    const events = await releaseEvents(release.id);
    expectLinkedChain(events);
    expect(new Set(events.map((event) => event.chain))).toEqual(new Set([releaseChain(release.id)]));
    const status = (before: ReleaseStatus, after: ReleaseStatus) => ({ type: "release.status_changed", data: { before: { status: before }, after: { status: after } } });
    const item = { type: "item.updated" };
    expect(events.map((event) => (event.type === "release.status_changed" ? { type: event.type, data: event.data } : { type: event.type }))).toEqual([
      { type: "release.created" },
      item,
      status("draft", "in_progress"),
      item,
      item,
      status("in_progress", "awaiting_signoff"),
      item,
      item,
      item,
      status("awaiting_signoff", "in_progress"),
      item,
      status("in_progress", "awaiting_signoff"),
    ]);
  });

  it("reaches awaiting sign-off on the reference exactly when its 106 required items are done or N/A, the 3 optional ones still open", async () => {
    const created = await stagingRelease();
    const required = await db.itemState.findMany({ where: { releaseId: created.id, required: true }, orderBy: { position: "asc" } });
    expect(required).toHaveLength(106);
    let last: Awaited<ReturnType<typeof setItemState>> | undefined;
    for (const [index, item] of required.entries()) {
      expect(last?.release.status ?? "draft").toBe(index === 0 ? "draft" : "in_progress");
      last = await setItemState(testContext(user.id), {
        releaseId: created.id,
        itemKey: item.itemKey,
        ...(index % 10 === 0 ? { status: "na" as const, reason: "Not in this release" } : { status: "done" as const }),
        expectedVersion: 0,
      });
    }
    expect(last?.release).toEqual({ status: "awaiting_signoff", itemsTotal: 109, itemsDone: 106, requiredOpen: 0, blockedCount: 0 });
    expect(await db.itemState.count({ where: { releaseId: created.id, status: "open" } })).toBe(3);
    const events = await releaseEvents(created.id);
    expect(events).toHaveLength(1 + 106 + 2);
    expectLinkedChain(events);
  });

  it("assigns an active user, refusing an unknown or disabled one naming assigneeId", async () => {
    const release = await smallRelease();
    const assignee = await createTestUser({ name: "Ann Assignee" });
    const gone = await createTestUser();
    await setUserDisabled(testContext(), gone.id, true);
    for (const assigneeId of [randomUUID(), gone.id]) {
      const refusal = await refusalOf(setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "open", assigneeId, expectedVersion: 0 }));
      expect(refusal).toMatchObject({ code: "BAD_REQUEST", fields: { assigneeId: [expect.any(String)] } });
    }
    const assigned = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "open", assigneeId: assignee.id, expectedVersion: 0 });
    expect(assigned.item).toMatchObject({ assigneeId: assignee.id, version: 1 });
    expect((await lastItemUpdate(release.id))?.data).toMatchObject({ before: { assignee: null }, after: { assignee: "Ann Assignee", status: "open" } });
  });

  it.each(["approved", "cancelled", "deployed", "rolled_back"] satisfies ReleaseStatus[])("refuses changes to a %s release with CONFLICT", async (status) => {
    const release = await smallRelease();
    await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 0 });
    await setReleaseStatusAsOwner(context.database, release.id, status);
    const snapshot = await releaseSnapshot(release.id);
    for (const change of [
      { itemKey: release.compile, status: "open" as const, expectedVersion: 1 },
      { itemKey: release.unitTests, status: "done" as const, expectedVersion: 0 },
    ]) {
      const refusal = await refusalOf(setItemState(testContext(user.id), { releaseId: release.id, ...change }));
      expect(refusal).toMatchObject({ kind: "app", code: "CONFLICT" });
    }
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);
  });

  describe.each(["before", "after"] as const)("a failure %s the audit event is written", (mode) => {
    async function withFailure(action: () => Promise<unknown>): Promise<void> {
      injected.mode = mode;
      injected.calls = 0;
      try {
        await expect(action()).rejects.toThrow(`injected failure ${mode} the audit event`);
        expect(injected.calls).toBe(1);
      } finally {
        injected.mode = "off";
      }
    }

    it("setItemState leaves the item, the counters, the status and the chain as they were", async () => {
      const release = await smallRelease();
      const snapshot = await releaseSnapshot(release.id);
      await withFailure(() => setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 0 }));
      expect(await releaseSnapshot(release.id)).toEqual(snapshot);
      expect(snapshot.release).toMatchObject({ status: "draft", itemsDone: 0, requiredOpen: 3 });

      // The same change goes through afterwards, and the chain continues without a hole.
      const done = await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 0 });
      expect(done.item.version).toBe(1);
      expectLinkedChain(await releaseEvents(release.id));
    });

    it("setItemState that would complete the checklist leaves the release in progress", async () => {
      const release = await smallRelease();
      await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.compile, status: "done", expectedVersion: 0 });
      await setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.unitTests, status: "done", expectedVersion: 0 });
      const snapshot = await releaseSnapshot(release.id);
      injected.mode = mode;
      injected.calls = 0;
      try {
        await expect(setItemState(testContext(user.id), { releaseId: release.id, itemKey: release.tag, status: "done", expectedVersion: 0 })).rejects.toThrow(
          `injected failure ${mode} the audit event`,
        );
      } finally {
        injected.mode = "off";
      }
      expect(await releaseSnapshot(release.id)).toEqual(snapshot);
      expect(snapshot.release?.status).toBe("in_progress");
    });

    it("createRelease leaves no release and no items", async () => {
      const before = await writeCounts();
      const version = randomVersion();
      await withFailure(() => createRelease(testContext(user.id), { templateId: referenceId, version, environment: "staging" }));
      expect(await writeCounts()).toEqual(before);
      expect(await db.release.count({ where: { version } })).toBe(0);
    });

    it("updateContacts leaves the contacts as they were", async () => {
      const release = await smallRelease();
      const snapshot = await releaseSnapshot(release.id);
      await withFailure(() =>
        updateContacts(testContext(user.id), { releaseId: release.id, contacts: [{ role: "On-call Engineer", name: "Olga", phone: "+1 555 0100", email: "olga@example.test" }] }),
      );
      expect(await releaseSnapshot(release.id)).toEqual(snapshot);
    });
  });
});

describe("updateContacts", () => {
  it("fills in contacts by role and audits before and after", async () => {
    const release = await smallRelease();
    const olga = { role: "On-call Engineer", name: "Olga On-Call", phone: "+1 (555) 010-0100", email: "olga@example.test" };
    const saved = await updateContacts(testContext(user.id), { releaseId: release.id, contacts: [olga] });
    const empty = { role: "Release Manager", name: "", phone: "", email: "" };
    expect(saved).toEqual([olga, empty]);
    expect((await db.release.findUniqueOrThrow({ where: { id: release.id } })).contacts).toEqual([olga, empty]);
    const event = (await releaseEvents(release.id)).at(-1);
    expect(event).toMatchObject({
      type: "release.contacts_updated",
      actor: { id: user.id },
      data: { before: [{ ...olga, name: "", phone: "", email: "" }, empty], after: [olga, empty] },
    });
    expectLinkedChain(await releaseEvents(release.id));
  });

  it("refuses bad contacts naming the field, and unknown roles, writing nothing", async () => {
    const release = await smallRelease();
    const snapshot = await releaseSnapshot(release.id);
    const contact = { role: "On-call Engineer", name: "Olga", phone: "+1 555 0100", email: "olga@example.test" };
    const cases = [
      [{ ...contact, email: "not-an-email" }, "contacts.0.email"],
      [{ ...contact, phone: "call me maybe" }, "contacts.0.phone"],
      [{ ...contact, name: "x".repeat(121) }, "contacts.0.name"],
      [{ ...contact, role: "" }, "contacts.0.role"],
    ] as const;
    for (const [bad, field] of cases) {
      const refusal = await refusalOf(updateContacts(testContext(user.id), { releaseId: release.id, contacts: [bad] }));
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(Object.keys(refusal.fields)).toEqual([field]);
    }
    const unknownRole = await refusalOf(updateContacts(testContext(user.id), { releaseId: release.id, contacts: [{ ...contact, role: "Chief Vibes Officer" }] }));
    expect(unknownRole).toMatchObject({ kind: "app", code: "BAD_REQUEST" });
    expect(unknownRole.message).toContain("Chief Vibes Officer");
    expect((await refusalOf(updateContacts(testContext(user.id), { releaseId: randomUUID(), contacts: [contact] }))).code).toBe("NOT_FOUND");
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);
  });

  it("refuses changes to a cancelled release", async () => {
    const release = await smallRelease();
    await setReleaseStatusAsOwner(context.database, release.id, "cancelled");
    const snapshot = await releaseSnapshot(release.id);
    const refusal = await refusalOf(
      updateContacts(testContext(user.id), { releaseId: release.id, contacts: [{ role: "On-call Engineer", name: "Olga", phone: "", email: "" }] }),
    );
    expect(refusal.code).toBe("CONFLICT");
    expect(await releaseSnapshot(release.id)).toEqual(snapshot);
  });
});
