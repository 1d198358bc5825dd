import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_CHAIN, releaseChain } from "../../lib/audit/append-event";
import { releaseAsOf } from "../../lib/audit/release-history";
import { AUDIT_EVENT_SCHEMAS } from "../../lib/audit/event-types";
import { formatEvent } from "../../lib/audit/format-event";
import { db } from "../../lib/db/client";
import { createEnvironment, updateEnvironment } from "../../lib/environments/save-environment";
import { createRelease } from "../../lib/releases/create-release";
import { exportReleaseMarkdown } from "../../lib/releases/export-release";
import { getRelease } from "../../lib/releases/get-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { getCertificate, notApprovedSentence } from "../../lib/signoffs/get-certificate";
import { listSignoffs } from "../../lib/signoffs/get-signoffs";
import { getSigningReadiness } from "../../lib/signoffs/get-signing-readiness";
import { revokeSignoff } from "../../lib/signoffs/release-transitions";
import { getSignoffWait } from "../../lib/insights/signoff-wait";
import { createSignoffRole } from "../../lib/roles/create-signoff-role";
import { allItems, type TemplateDocument } from "../../lib/templates/document";
import { coveredItemKeys } from "../../lib/signoffs/coverage";
import { loadTemplateDocument } from "../../lib/templates/load-template-document";
import { setupTestDatabase } from "../support/database";
import {
  completeItems,
  createRoleSigners,
  createSigner,
  importReference,
  randomVersion,
  refusalOf,
  ROLE_NAMES,
  sign,
  type Signer,
  signoffSnapshot,
  signRoles,
} from "../support/signoffs";
import { testContext } from "../support/users";

/**
 * Separation of duties and quorum (issue 11, docs/decisions/023), through the
 * real use cases: each policy of an environment, each refusal naming its
 * rule, quorums of distinct signers, and the policy's own bad input.
 */
setupTestDatabase();

let checkpointRoot: string;
const savedEnv = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };
let templateId: string;
let document: TemplateDocument;
let signers: Map<string, Signer>;
/** Three more Security Engineers: with the one in `signers`, four holders in the default project. */
let security: [Signer, Signer, Signer];

const signer = (role: string): Signer => signers.get(role)!;
const suffix = () => randomBytes(3).toString("hex");
const statusOf = async (releaseId: string) => (await db.release.findUniqueOrThrow({ where: { id: releaseId } })).status;
const OTHER_ROLES = ROLE_NAMES.filter((role) => role !== "Security Engineer");

/** A release in `environment`, created by `by` (a user, or the test system actor), every item done: it awaits sign-off. */
async function readyRelease(environment: string, by?: Signer, leaveOpen: string[] = []) {
  const created = await createRelease(by?.context ?? testContext(), { templateId, version: randomVersion(), environment });
  await completeItems(created.id, { leaveOpen });
  return created;
}

/** What a refused policy change must leave as it was: the environment, its quorums and gates, and the global chain. */
async function environmentSnapshot(key: string) {
  const environment = await db.environment.findFirst({ where: { key }, include: { quorums: true, gates: true } });
  const events = await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN } });
  return { environment, events };
}

beforeAll(async () => {
  checkpointRoot = await mkdtemp(path.join(os.tmpdir(), "countersign-sod-checkpoints-"));
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(checkpointRoot, "checkpoints");
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(checkpointRoot, "key.pem");
  await ensureDefaultSignoffRoles();
  templateId = await importReference();
  const version = await db.templateVersion.findFirstOrThrow({ where: { templateId }, select: { id: true } });
  document = await loadTemplateDocument(version.id);
  signers = await createRoleSigners();
  security = [
    await createSigner(["security-engineer"], `Second Security ${suffix()}`),
    await createSigner(["security-engineer"], `Third Security ${suffix()}`),
    await createSigner(["security-engineer"], `Fourth Security ${suffix()}`),
  ];
});

afterAll(async () => {
  if (savedEnv.dir === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
  else process.env.COUNTERSIGN_CHECKPOINT_DIR = savedEnv.dir;
  if (savedEnv.key === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
  else process.env.COUNTERSIGN_CHECKPOINT_KEY = savedEnv.key;
  if (checkpointRoot) await rm(checkpointRoot, { recursive: true, force: true });
});

describe("policy defaults", () => {
  it("turns 'the creator may not sign' on for a new environment named production, off for others; the migrated production keeps it off", async () => {
    const key = `production-${suffix()}`;
    expect(await createEnvironment(testContext(), { key, name: `Production ${key}` })).toMatchObject({ creatorMayNotSign: true, tickerMayNotSign: false, quorums: {} });
    expect(await createEnvironment(testContext(), { key: `live-${suffix()}`, name: "Prod EU" })).toMatchObject({ creatorMayNotSign: true });
    expect(await createEnvironment(testContext(), { key: `uat-${suffix()}`, name: "Products UAT" })).toMatchObject({ creatorMayNotSign: false });
    expect(await createEnvironment(testContext(), { key: `prod-${suffix()}`, name: "Prod", creatorMayNotSign: false })).toMatchObject({ creatorMayNotSign: false });
    // Upgraded (and migrated) environments keep their behaviour: nothing changes until an admin says so.
    const migrated = await db.environment.findMany({ where: { key: { in: ["staging", "production"] } }, select: { key: true, creatorMayNotSign: true, tickerMayNotSign: true } });
    expect(migrated.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "production", creatorMayNotSign: false, tickerMayNotSign: false },
      { key: "staging", creatorMayNotSign: false, tickerMayNotSign: false },
    ]);
  });
});

describe("the creator may not sign", () => {
  it("refuses the creator in production by default, naming the rule, writes nothing; allowed once the policy is off", async () => {
    const key = `production-${suffix()}`;
    await createEnvironment(testContext(), { key, name: "Production EU" });
    const creator = await createSigner(["tech-lead"], `Creator ${suffix()}`);
    const created = await readyRelease(key, creator);
    expect(await statusOf(created.id)).toBe("awaiting_signoff");

    const before = await signoffSnapshot(created.id);
    const refused = await refusalOf(sign(creator, created.id, "Tech Lead"));
    const expected = "Separation of duties (creator may not sign): you created this release; in Production EU its creator may not sign it.";
    expect(refused).toMatchObject({ code: "CONFLICT", message: expected, details: { rule: "creator may not sign" } });
    expect(await signoffSnapshot(created.id)).toEqual(before);
    // The page disables the button with the same reason; another holder of the role may sign.
    expect(await getSigningReadiness(created.id, creator.user)).toEqual({ "Tech Lead": expected });
    expect(await getSigningReadiness(created.id, signer("Tech Lead").user)).toEqual({ "Tech Lead": null });

    await updateEnvironment(testContext(), { key, name: "Production EU", creatorMayNotSign: false });
    expect(await getSigningReadiness(created.id, creator.user)).toEqual({ "Tech Lead": null });
    await sign(creator, created.id, "Tech Lead");
    expect((await listSignoffs(created.id)).map((entry) => [entry.role, entry.signerId, entry.status])).toEqual([["Tech Lead", creator.user.id, "active"]]);
  });

  it("does not apply where the policy is off (the migrated staging)", async () => {
    const creator = await createSigner(["qa-lead"], `Staging creator ${suffix()}`);
    const created = await readyRelease("staging", creator);
    expect((await sign(creator, created.id, "QA Lead")).status).toBe("awaiting_signoff");
  });
});

describe("whoever ticked an item may not sign a role covering it", () => {
  it("refuses the ticker when the policy is on, naming the rule and the item; signing is allowed and marked 'signed own work' when it is off", async () => {
    const key = `ticks-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Ticks ${key}`, tickerMayNotSign: true, allowMultipleRolesPerSigner: true });
    const ticker = await createSigner(["tech-lead", "qa-lead"], `Ticker ${suffix()}`);
    // The reference names no responsible roles, so every role covers every item (per-role coverage: tests/unit/can-sign.test.ts).
    const itemKey = coveredItemKeys(document, "Tech Lead", new Set(allItems(document).map(({ item }) => item.key)))[3]!;
    const created = await readyRelease(key, undefined, [itemKey]);
    await setItemState(ticker.context, { releaseId: created.id, itemKey, expectedVersion: 0, status: "done" });
    expect(await statusOf(created.id)).toBe("awaiting_signoff");
    const title = allItems(document).find(({ item }) => item.key === itemKey)!.item.title.replaceAll("X.Y.Z", created.version);

    const before = await signoffSnapshot(created.id);
    const refused = await refusalOf(sign(ticker, created.id, "Tech Lead"));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(
      `Separation of duties (no signing your own work): you ticked an item that Tech Lead covers (“${title}”); in Ticks ${key} whoever ticks an item may not sign a role that covers it.`,
    );
    expect(await signoffSnapshot(created.id)).toEqual(before);
    const readiness = await getSigningReadiness(created.id, ticker.user);
    expect(readiness["Tech Lead"]).toBe(refused.message);
    expect(readiness["QA Lead"]).toMatch(/^Separation of duties \(no signing your own work\): you ticked an item that QA Lead covers/);
    // Someone else may sign the role.
    expect(await getSigningReadiness(created.id, signer("Tech Lead").user)).toEqual({ "Tech Lead": null });

    // A note added by someone else later does not hide who ticked it.
    await setItemState(testContext(), { releaseId: created.id, itemKey, expectedVersion: 1, status: "done", note: "checked again" });
    expect((await refusalOf(sign(ticker, created.id, "Tech Lead"))).message).toMatch(/^Separation of duties \(no signing your own work\)/);

    await updateEnvironment(testContext(), { key, name: `Ticks ${key}`, tickerMayNotSign: false, allowMultipleRolesPerSigner: true });
    await sign(ticker, created.id, "Tech Lead");
    const [signed] = await listSignoffs(created.id);
    expect(signed).toMatchObject({ role: "Tech Lead", signerId: ticker.user.id, signedOwnWork: true });
    const event = (await db.auditEvent.findMany({ where: { chain: releaseChain(created.id), type: "signoff.signed" } })).at(-1)!;
    expect(event.data).toMatchObject({ after: { role: "Tech Lead", signedOwnWork: true } });
    // Someone who ticked nothing signs plainly.
    await sign(signer("Platform Lead"), created.id, "Platform Lead");
    expect((await listSignoffs(created.id)).find((entry) => entry.role === "Platform Lead")?.signedOwnWork).toBe(false);

    // It survives to the certificate and the export.
    const certificate = await getCertificate(created.id, "system");
    expect(certificate.roles.find((entry) => entry.role === "Tech Lead")?.signoffs.map((entry) => entry.signedOwnWork)).toEqual([true]);
    expect(certificate.timeline.some((entry) => entry.sentence.includes("signed off as Tech Lead (signed own work"))).toBe(true);
    const { markdown } = await exportReleaseMarkdown(created.id);
    const line = markdown.split("\n").findIndex((entry) => entry.startsWith("- [x] **Tech Lead**:"));
    expect(line).toBeGreaterThan(0);
    expect(markdown.split("\n")[line + 2]).toBe("  Signed own work: the signer had ticked an item this role covers\\");
  });
});

describe("quorum: N distinct signers per role", () => {
  it("keeps the release awaiting sign-off until a second distinct signer signs; the same person cannot fill it twice; the third is refused with N and K", async () => {
    const key = `quorum-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Quorum ${key}`, quorums: { "Security Engineer": 2 } });
    const created = await readyRelease(key);
    expect((await getRelease(created.id, "system")).signoffQuorums).toEqual({ "Security Engineer": 2 });

    await signRoles(signers, created.id, OTHER_ROLES);
    const first = await sign(signer("Security Engineer"), created.id, "Security Engineer");
    expect(first.status).toBe("awaiting_signoff");
    expect(notApprovedSentence((await getCertificate(created.id, "system")).roles)).toBe("Not approved: Security Engineer has 1 of the 2 signatures it needs.");

    // The same person again: refused, whatever the quorum still needs.
    const before = await signoffSnapshot(created.id);
    expect((await refusalOf(sign(signer("Security Engineer"), created.id, "Security Engineer"))).message).toBe("You have already signed as Security Engineer.");
    expect(await signoffSnapshot(created.id)).toEqual(before);
    expect(await getSigningReadiness(created.id, security[0].user)).toEqual({ "Security Engineer": null });

    const second = await sign(security[0], created.id, "Security Engineer");
    expect(second.status).toBe("approved");
    const third = await refusalOf(sign(security[1], created.id, "Security Engineer"));
    expect(third).toMatchObject({ code: "CONFLICT", message: "Security Engineer needs 2 signers; 2 signed already." });

    // Every signer shows: the certificate lists both, the export ticks the line with both names.
    const certificate = await getCertificate(created.id, "system");
    const entry = certificate.roles.find((role) => role.role === "Security Engineer")!;
    expect(entry.quorum).toBe(2);
    expect(entry.signoffs.map((signoff) => signoff.signerId)).toEqual([signer("Security Engineer").user.id, security[0].user.id]);
    expect(certificate.missing).toEqual([]);
    const lines = (await exportReleaseMarkdown(created.id)).markdown.split("\n");
    const line = lines.findIndex((text) => text.startsWith("- [x] **Security Engineer**:"));
    expect(lines[line]).toContain(`${signer("Security Engineer").user.name}, ${security[0].user.name}`);
    expect(lines[line + 2]).toBe("  Quorum: 2 of 2 signed\\");
    expect(lines[line + 3]).toBe(`  Signed by: ${signer("Security Engineer").user.name}\\`);

    // One revokes: the role is short again, and so is the approval.
    // The first signer revokes (the older of the two live signatures).
    const first0 = signer("Security Engineer");
    const mine = (await listSignoffs(created.id)).find((signoff) => signoff.signerId === first0.user.id)!;
    await revokeSignoff(first0.context, { signoffId: mine.id, reason: "Signed the wrong build" });
    expect(await statusOf(created.id)).toBe("awaiting_signoff");
    // The trail replays it: of the role's two live signatures, the revoked one is the revoker's, not the newest.
    const head = (await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(created.id) }, orderBy: { seq: "desc" } })).seq;
    const replayed = (await releaseAsOf(created.id, head, [])).signoffs.filter((entry) => entry.role === "Security Engineer");
    expect(replayed.map((entry) => [entry.printedName, entry.status])).toEqual([
      [first0.user.name, "revoked"],
      [security[0].user.name, "active"],
    ]);
    expect((await sign(security[1], created.id, "Security Engineer")).status).toBe("approved");
  });

  it("under a race keeps one signature per person, and lets two distinct signers of a quorum sign at the same moment", async () => {
    const key = `quorum-race-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Race ${key}`, quorums: { "Security Engineer": 3 } });
    const created = await readyRelease(key);
    await signRoles(signers, created.id, OTHER_ROLES);

    const twice = await Promise.allSettled([sign(security[2], created.id, "Security Engineer"), sign(security[2], created.id, "Security Engineer")]);
    expect(twice.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((twice.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.signoff.count({ where: { releaseId: created.id, role: "Security Engineer", status: "active" } })).toBe(1);

    const both = await Promise.allSettled([sign(security[0], created.id, "Security Engineer"), sign(security[1], created.id, "Security Engineer")]);
    expect(both.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await statusOf(created.id)).toBe("approved");
    const live = await db.signoff.findMany({ where: { releaseId: created.id, role: "Security Engineer", status: "active" }, select: { signerId: true } });
    expect(new Set(live.map((entry) => entry.signerId))).toEqual(new Set(security.map((entry) => entry.user.id)));
  });

  it("the database keeps one live signature per person and role, and allows another person's", async () => {
    const key = `quorum-db-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Index ${key}` });
    const created = await readyRelease(key);
    await sign(security[0], created.id, "Security Engineer");
    const [row] = await db.signoff.findMany({ where: { releaseId: created.id } });
    const { id: _id, ...copy } = row!;
    await expect(db.signoff.create({ data: { ...copy, coveredItems: row!.coveredItems } })).rejects.toMatchObject({ code: "P2002" });
    const other = await db.signoff.create({ data: { ...copy, signerId: security[1].user.id, printedName: "Other" } });
    expect(other.status).toBe("active");
  });

  it("settles the environment's open releases again when a quorum changes: raised, an approved release waits again; lowered, it is approved", async () => {
    const key = `quorum-change-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Change ${key}` });
    const created = await readyRelease(key);
    await signRoles(signers, created.id);
    expect(await statusOf(created.id)).toBe("approved");

    await updateEnvironment(testContext(), { key, name: `Change ${key}`, quorums: { "Security Engineer": 2 } });
    expect(await statusOf(created.id)).toBe("awaiting_signoff");
    const moved = (await db.auditEvent.findMany({ where: { chain: releaseChain(created.id), type: "release.status_changed" }, orderBy: { seq: "asc" } })).at(-1)!;
    expect(moved.data).toEqual({ before: { status: "approved" }, after: { status: "awaiting_signoff" }, reason: `the sign-off quorums of Change ${key} changed` });

    await updateEnvironment(testContext(), { key, name: `Change ${key}`, quorums: {} });
    expect(await statusOf(created.id)).toBe("approved");
  });
});

describe("the health dashboard's wait per role", () => {
  it("counts a role with a quorum as waiting until its N-th distinct signer's first signature", async () => {
    const role = `Quorum Auditor ${suffix()}`;
    await createSignoffRole(testContext(), { name: role });
    const withQuorum = `wait-${suffix()}`;
    await createEnvironment(testContext(), { key: withQuorum, name: `Wait ${withQuorum}` });
    const environment = await db.environment.findFirstOrThrow({ where: { key: withQuorum } });
    // Set up directly: nobody holds the new role, so the use case would (rightly) refuse a quorum of 2.
    await db.environmentRoleQuorum.create({ data: { environmentId: environment.id, roleId: (await db.signoffRole.findFirstOrThrow({ where: { name: role } })).id, quorum: 2 } });
    const quorumRelease = await readyRelease(withQuorum);
    const plainRelease = await readyRelease("staging");
    const readyAt = async (releaseId: string) =>
      (await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(releaseId), type: "release.status_changed" }, orderBy: { seq: "desc" } })).occurredAt;
    const at = (start: Date, hours: number) => new Date(start.getTime() + hours * 3_600_000);
    const row = (releaseId: string, who: Signer, signedAt: Date, status: "active" | "stale" = "active") =>
      db.signoff.create({
        data: { releaseId, role, signerId: who.user.id, printedName: who.user.name, meaning: "approve", signedAt, contentHash: "a".repeat(64), coveredItems: [], auditSeq: 1, auditHash: "a".repeat(64), status },
      });
    const [quorumReady, plainReady] = [await readyAt(quorumRelease.id), await readyAt(plainRelease.id)];
    // Quorum 2: the first signer at 1 h (stale) and again at 2 h, the second distinct signer at 3 h: the role waited 3 h.
    await row(quorumRelease.id, security[0], at(quorumReady, 1), "stale");
    await row(quorumRelease.id, security[0], at(quorumReady, 2));
    await row(quorumRelease.id, security[1], at(quorumReady, 3));
    // No quorum in staging: the first signature counts, 5 h.
    await row(plainRelease.id, security[2], at(plainReady, 5));
    const figure = (await getSignoffWait()).find((entry) => entry.role === role);
    expect(figure).toEqual({ role, signatures: 2, medianSeconds: 4 * 3600, p90Seconds: Math.round((3 + 0.9 * 2) * 3600) });
  });
});

describe("policy changes are audited with before and after", () => {
  it("records each change of the creator rule, the ticker rule and quorums in environment.updated, in words too; old events still parse", async () => {
    const key = `audited-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Audited ${key}` });
    const count = () => db.auditEvent.count({ where: { type: "environment.updated" } });
    const eventsBefore = await count();

    await updateEnvironment(testContext(), { key, name: `Audited ${key}`, creatorMayNotSign: true, tickerMayNotSign: true, quorums: { "Security Engineer": 3, "Tech Lead": 1 } });
    const [event] = await db.auditEvent.findMany({ where: { type: "environment.updated" }, orderBy: { id: "desc" }, take: 1 });
    expect(await count()).toBe(eventsBefore + 1);
    expect(event!.data).toEqual({
      before: { key, name: `Audited ${key}`, requires: [], allowMultipleRolesPerSigner: false, creatorMayNotSign: false, tickerMayNotSign: false, requirePasskey: false, quorums: {} },
      after: { key, name: `Audited ${key}`, requires: [], allowMultipleRolesPerSigner: false, creatorMayNotSign: true, tickerMayNotSign: true, requirePasskey: false, quorums: { "Security Engineer": 3 } },
    });
    const sentence = formatEvent({
      type: "environment.updated",
      actor: { kind: "system", name: "test" },
      subject: { kind: "environment", id: "x", label: key },
      data: AUDIT_EVENT_SCHEMAS["environment.updated"].parse(event!.data),
    });
    expect(sentence).toBe(
      `test changed the environment Audited ${key}: requires none, one person may not sign several roles; its creator may not sign a release (was: its creator may sign a release); whoever ticks an item may not sign a role covering it (was: whoever ticks an item may sign a role covering it); quorums: Security Engineer 3 signers (was: quorums: one signer per role)`,
    );

    // Saving the same policy again changes nothing and records nothing; leaving the policy out keeps it.
    await updateEnvironment(testContext(), { key, name: `Audited ${key}`, creatorMayNotSign: true, tickerMayNotSign: true, quorums: { "Security Engineer": 3 } });
    await updateEnvironment(testContext(), { key, name: `Audited ${key}` });
    expect(await count()).toBe(eventsBefore + 1);
    expect(await db.environment.findFirstOrThrow({ where: { key } })).toMatchObject({ creatorMayNotSign: true, tickerMayNotSign: true });

    // An event written before separation of duties existed still parses and reads as it did.
    const old = { before: { key, name: "Old", requires: [], allowMultipleRolesPerSigner: false }, after: { key, name: "Old", requires: ["staging"], allowMultipleRolesPerSigner: true } };
    const parsed = AUDIT_EVENT_SCHEMAS["environment.updated"].parse(old);
    expect(formatEvent({ type: "environment.updated", actor: { kind: "system", name: "test" }, subject: { kind: "environment", id: "x", label: key }, data: parsed })).toBe(
      "test changed the environment Old: requires staging, one person may sign several roles",
    );
  });
});

describe("bad policy input: refused with the field named, nothing written", () => {
  it("refuses a quorum below 1, above the holders in the project, not a whole number, or for an unknown role, on update and on create", async () => {
    const key = `bad-${suffix()}`;
    await createEnvironment(testContext(), { key, name: `Bad ${key}` });
    const before = await environmentSnapshot(key);
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["quorum 0", { "Security Engineer": 0 }, "quorums.Security Engineer", /^A quorum is at least 1 signer\.$/],
      ["negative", { "Tech Lead": -2 }, "quorums.Tech Lead", /^A quorum is at least 1 signer\.$/],
      ["fraction", { "Tech Lead": 1.5 }, "quorums.Tech Lead", /^Enter a whole number of signers\.$/],
      ["text", { "Tech Lead": "two" }, "quorums.Tech Lead", /^Enter a whole number of signers\.$/],
      ["over the bound", { "Tech Lead": 101 }, "quorums.Tech Lead", /^A quorum is at most 100 signers\.$/],
      ["more than the holders", { "Security Engineer": 5 }, "quorums.Security Engineer", /^Security Engineer has 4 holders in this project; a quorum of 5 could never be met\.$/],
      ["a role with one holder", { "Product Manager": 2 }, "quorums.Product Manager", /^Product Manager has 1 holder in this project; a quorum of 2 could never be met\.$/],
      ["unknown role", { "Chief Vibes Officer": 2 }, "quorums.Chief Vibes Officer", /^Chief Vibes Officer is not a sign-off role\.$/],
    ];
    for (const [label, quorums, field, message] of cases) {
      const refused = await refusalOf(updateEnvironment(testContext(), { key, name: `Bad ${key}`, creatorMayNotSign: true, quorums: quorums as Record<string, number> }));
      expect({ label, code: refused.code, fields: Object.keys(refused.fields) }).toEqual({ label, code: "BAD_REQUEST", fields: [field] });
      expect(refused.fields[field]![0], label).toMatch(message);
      expect(await environmentSnapshot(key), label).toEqual(before);
    }
    // A valid quorum next to a bad one writes neither.
    const mixed = await refusalOf(updateEnvironment(testContext(), { key, name: `Bad ${key}`, quorums: { "Security Engineer": 2, "Product Manager": 2 } }));
    expect(Object.keys(mixed.fields)).toEqual(["quorums.Product Manager"]);
    expect(await environmentSnapshot(key)).toEqual(before);

    // A disabled holder does not count: with one of the four disabled, a quorum of 4 could not be met.
    await db.user.update({ where: { id: security[2].user.id }, data: { disabledAt: new Date() } });
    try {
      expect((await refusalOf(updateEnvironment(testContext(), { key, name: `Bad ${key}`, quorums: { "Security Engineer": 4 } }))).fields).toEqual({
        "quorums.Security Engineer": ["Security Engineer has 3 holders in this project; a quorum of 4 could never be met."],
      });
    } finally {
      await db.user.update({ where: { id: security[2].user.id }, data: { disabledAt: null } });
    }

    // On create, nothing is created.
    const newKey = `bad-new-${suffix()}`;
    const eventsBefore = await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN } });
    const refused = await refusalOf(createEnvironment(testContext(), { key: newKey, name: "Bad new", quorums: { "Security Engineer": 9 } }));
    expect(Object.keys(refused.fields)).toEqual(["quorums.Security Engineer"]);
    expect(await db.environment.findFirst({ where: { key: newKey } })).toBeNull();
    expect(await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN } })).toBe(eventsBefore);
    const typed = await refusalOf(createEnvironment(testContext(), { key: newKey, name: "Bad new", creatorMayNotSign: "yes" as unknown as boolean }));
    expect(Object.keys(typed.fields)).toEqual(["creatorMayNotSign"]);
    expect(await db.environment.findFirst({ where: { key: newKey } })).toBeNull();
  });
});
