import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_CHAIN, releaseChain } from "../../lib/audit/append-event";
import { releaseTimeline } from "../../lib/audit/release-history";
import { type Checkpoint, checkpointConfig, loadSigningKey, publicKeyFingerprint, publicKeyPem, verifyCheckpointSignature } from "../../lib/audit/checkpoints";
import { ACCOUNT_FAILURE_LIMIT } from "../../lib/auth/sign-in-throttle";
import { db } from "../../lib/db/client";
import { createEnvironment, updateEnvironment } from "../../lib/environments/save-environment";
import { createRelease } from "../../lib/releases/create-release";
import { exportReleaseMarkdown } from "../../lib/releases/export-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { updateContacts } from "../../lib/releases/update-contacts";
import { createSignoffRole } from "../../lib/roles/create-signoff-role";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { listSignoffs, verifySignoff } from "../../lib/signoffs/get-signoffs";
import { getSigningReadiness } from "../../lib/signoffs/get-signing-readiness";
import { finishRelease, reopenRelease, revokeSignoff } from "../../lib/signoffs/release-transitions";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import { MAX_MEANING, type SignOffInput, signOffSchema } from "../../lib/signoffs/signoff.schema";
import { allItems, signoffRoleNames, type TemplateDocument } from "../../lib/templates/document";
import { loadTemplateDocument } from "../../lib/templates/load-template-document";
import { parseTemplateMarkdown } from "../../lib/templates/parse-markdown";
import { connect, superuserUrlOf } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import {
  changeNote,
  completeItems,
  createRoleSigners,
  createSigner,
  createStagingRelease,
  importReference,
  randomAddress,
  randomVersion,
  refusalOf,
  releaseEventsOf,
  ROLE_NAMES,
  sign,
  type Signer,
  signerContext,
  signoffSnapshot,
  signRoles,
  specContentHash,
} from "../support/signoffs";
import { testContext } from "../support/users";

const database = setupTestDatabase();

let checkpointRoot: string;
const savedEnv = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };
let templateId: string;
let document: TemplateDocument;
let signers: Map<string, Signer>;

const signer = (role: string): Signer => {
  const found = signers.get(role);
  if (!found) throw new Error(`no signer for ${role}`);
  return found;
};
const titleOf = (key: string) => allItems(document).find(({ item }) => item.key === key)?.item.title ?? key;

/** A release of the reference whose items are all done: it awaits sign-off. */
async function readyRelease(environment = "staging", version = randomVersion()) {
  const created = await createStagingRelease(templateId, environment, version);
  await completeItems(created.id);
  expect((await db.release.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("awaiting_signoff");
  return created;
}

async function itemKeysOf(releaseId: string) {
  return (await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true, required: true } }));
}

const statusOf = async (releaseId: string) => (await db.release.findUniqueOrThrow({ where: { id: releaseId } })).status;

beforeAll(async () => {
  checkpointRoot = await mkdtemp(path.join(os.tmpdir(), "countersign-signoff-checkpoints-"));
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(checkpointRoot, "checkpoints");
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(checkpointRoot, "key.pem");
  await ensureDefaultSignoffRoles();
  templateId = await importReference();
  const version = await db.templateVersion.findFirstOrThrow({ where: { templateId }, select: { id: true } });
  document = await loadTemplateDocument(version.id);
  signers = await createRoleSigners();
});

afterAll(async () => {
  if (savedEnv.dir === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
  else process.env.COUNTERSIGN_CHECKPOINT_DIR = savedEnv.dir;
  if (savedEnv.key === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
  else process.env.COUNTERSIGN_CHECKPOINT_KEY = savedEnv.key;
  if (checkpointRoot) await rm(checkpointRoot, { recursive: true, force: true });
});

describe("signOff: what must hold before anyone signs", () => {
  it("refuses while a required item the role covers is open, listing it, and writes nothing; optional items do not block", async () => {
    const created = await createStagingRelease(templateId);
    const items = await itemKeysOf(created.id);
    const required = items.filter((item) => item.required).map((item) => item.itemKey);
    const optional = items.filter((item) => !item.required).map((item) => item.itemKey);
    expect(optional.length).toBeGreaterThan(0);
    const [first, second] = [required[0]!, required[40]!];
    await completeItems(created.id, { leaveOpen: [first, second, ...optional] });

    const before = await signoffSnapshot(created.id);
    const refused = await refusalOf(sign(signer("Tech Lead"), created.id, "Tech Lead"));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(`2 required items are still open: “${titleOf(first)}”, “${titleOf(second)}”.`);
    expect(refused.details).toEqual({ open: [titleOf(first), titleOf(second)] });
    expect(await signoffSnapshot(created.id)).toEqual(before);
    expect(before.signoffs).toEqual([]);
    // The page disables the button with the same reason, from the same rule.
    expect(await getSigningReadiness(created.id, signer("Tech Lead").user)).toEqual({ "Tech Lead": refused.message });

    // One N/A with a reason and one done: signing works though the optional items are still open.
    await setItemState(testContext(), { releaseId: created.id, itemKey: first, expectedVersion: 0, status: "na", reason: "No tests in this release" });
    await setItemState(testContext(), { releaseId: created.id, itemKey: second, expectedVersion: 0, status: "done" });
    expect(await getSigningReadiness(created.id, signer("Tech Lead").user)).toEqual({ "Tech Lead": null });
    const signed = await sign(signer("Tech Lead"), created.id, "Tech Lead");
    expect(signed.status).toBe("awaiting_signoff");
    expect(await getSigningReadiness(created.id, signer("Tech Lead").user)).toEqual({ "Tech Lead": "You have already signed as Tech Lead." });
    expect(await db.signoff.count({ where: { releaseId: created.id, status: "active" } })).toBe(1);
  });

  it("needs the password again: a wrong one is UNAUTHENTICATED on `password`, writes nothing, is recorded as the user's failed signing of that release and role, and counts towards the sign-in limit", async () => {
    const created = await readyRelease();
    const holder = await createSigner(["tech-lead"]);
    const address = randomAddress();
    const context = signerContext(holder.user, address);
    const wrong = { ...holder, context };
    const before = await signoffSnapshot(created.id);
    const anonymousBefore = await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN, type: "auth.sign_in_failed" } });
    const chain = releaseChain(created.id);
    const failedSigning = () => db.auditEvent.findMany({ where: { chain, type: "signoff.sign_failed" }, orderBy: { seq: "asc" } });

    const refused = await refusalOf(sign(wrong, created.id, "Tech Lead", { password: `${holder.password}x` }));
    expect(refused).toMatchObject({ kind: "app", code: "UNAUTHENTICATED", fields: { password: [expect.any(String)] } });
    // Nothing signed or changed; the chain grew by exactly the record of the failed attempt.
    const afterOne = await signoffSnapshot(created.id);
    expect({ ...afterOne, events: afterOne.events.slice(0, -1) }).toEqual(before);
    // Not an anonymous sign-in failure on the global chain: the signed-in user's failed signing, on the release's chain.
    expect(await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN, type: "auth.sign_in_failed" } })).toBe(anonymousBefore);
    const [failure] = await failedSigning();
    expect(failure).toMatchObject({
      data: { role: "Tech Lead", reason: "wrong_password" },
      actor: { kind: "user", id: holder.user.id, email: holder.user.email },
      subject: { kind: "release", id: created.id },
      origin: { address },
    });
    expect(JSON.stringify(failure, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toContain(holder.password);
    const timeline = await releaseTimeline(created.id);
    expect(timeline.at(-1)?.sentence).toBe(`${holder.user.name} (Tech Lead) failed to sign as Tech Lead: the password was wrong; nothing was signed`);
    const throttle = await db.signInThrottle.findUnique({ where: { key: `account:${holder.user.email}` } });
    expect(throttle?.failures).toBe(1);

    for (let attempt = 2; attempt <= ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      expect((await refusalOf(sign(wrong, created.id, "Tech Lead", { password: `wrong-${attempt}` }))).code).toBe("UNAUTHENTICATED");
    }
    expect((await db.signInThrottle.findUnique({ where: { key: `account:${holder.user.email}` } }))?.failures).toBe(ACCOUNT_FAILURE_LIMIT);
    // Locked now: the right password is refused too, from this address and from another.
    for (const origin of [address, randomAddress()]) {
      const limited = await refusalOf(sign({ ...holder, context: signerContext(holder.user, origin) }, created.id, "Tech Lead"));
      expect(limited.code).toBe("RATE_LIMITED");
    }
    const afterAll = await signoffSnapshot(created.id);
    const all = await failedSigning();
    expect({ ...afterAll, events: afterAll.events.slice(0, before.events.length) }).toEqual(before);
    expect(afterAll.events.slice(before.events.length)).toEqual(all.map((event) => event.hash));
    expect(all.slice(0, ACCOUNT_FAILURE_LIMIT).map((event) => event.data)).toEqual(Array(ACCOUNT_FAILURE_LIMIT).fill({ role: "Tech Lead", reason: "wrong_password" }));
    expect(all.slice(ACCOUNT_FAILURE_LIMIT).every((event) => (event.data as { reason: string }).reason === "rate_limited")).toBe(true);
    expect(await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN, type: "auth.sign_in_failed" } })).toBe(anonymousBefore);
  });

  it("refuses signing an unknown release before asking for the password, and counts nothing", async () => {
    const holder = await createSigner(["tech-lead"]);
    const refused = await refusalOf(
      signOff(holder.context, { releaseId: "00000000-0000-4000-8000-000000000000", role: "Tech Lead", meaning: "Approve", password: "wrong", shownHash: "0".repeat(64), confirm: "yes" }),
    );
    expect(refused.code).toBe("NOT_FOUND");
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${holder.user.email}` } })).toBeNull();
  });

  it("lets a user sign only for a role they hold, and only for a role of the template", async () => {
    const created = await readyRelease();
    const before = await signoffSnapshot(created.id);

    const forbidden = await refusalOf(sign(signer("QA Lead"), created.id, "Tech Lead"));
    expect(forbidden.code).toBe("FORBIDDEN");
    expect(forbidden.message).toContain("Tech Lead");
    expect(forbidden.fields.role?.[0]).toContain("Tech Lead");

    const extra = await createSignoffRole(testContext(), { name: `Release Captain ${Math.random().toString(36).slice(2, 7)}` });
    const captain = await createSigner([extra.key]);
    const foreign = await refusalOf(sign(captain, created.id, extra.name));
    expect(foreign.code).toBe("BAD_REQUEST");
    expect(foreign.message).toContain(extra.name);
    expect(Object.keys(foreign.fields)).toEqual(["role"]);

    expect(await signoffSnapshot(created.id)).toEqual(before);
  });

  it("refuses an empty or over-long meaning and a missing confirmation, naming the field", async () => {
    const created = await readyRelease();
    const before = await signoffSnapshot(created.id);
    const tech = signer("Tech Lead");
    const { hash } = await currentContentHash(created.id, "Tech Lead");
    const input = { releaseId: created.id, role: "Tech Lead", meaning: "Approve for staging", password: tech.password, shownHash: hash, confirm: "yes" as const };

    const cases: [string, Record<string, unknown>, string][] = [
      ["empty meaning", { ...input, meaning: "" }, "meaning"],
      ["blank meaning", { ...input, meaning: "   " }, "meaning"],
      ["501-character meaning", { ...input, meaning: "m".repeat(MAX_MEANING + 1) }, "meaning"],
      ["missing confirm", { ...input, confirm: undefined }, "confirm"],
      ["confirm not 'yes'", { ...input, confirm: "no" }, "confirm"],
    ];
    for (const [label, raw, field] of cases) {
      const refused = await refusalOf(signOff(tech.context, raw as SignOffInput));
      expect({ label, kind: refused.kind, fields: Object.keys(refused.fields) }).toEqual({ label, kind: "validation", fields: [field] });
    }
    expect(signOffSchema.safeParse({ ...input, meaning: "m".repeat(MAX_MEANING) }).success).toBe(true);
    expect(await signoffSnapshot(created.id)).toEqual(before);
  });
});

describe("signOff: one person, one role", () => {
  it("refuses a second role by the same person unless the environment allows it (an audited setting)", async () => {
    const key = `multi-${Math.random().toString(36).slice(2, 8)}`;
    await createEnvironment(testContext(), { key, name: `Multi ${key}` });
    const created = await readyRelease(key);
    const both = await createSigner(["tech-lead", "qa-lead"]);

    await sign(both, created.id, "Tech Lead");
    const before = await signoffSnapshot(created.id);
    const twice = await refusalOf(sign(both, created.id, "Tech Lead"));
    expect(twice.code).toBe("CONFLICT");
    const second = await refusalOf(sign(both, created.id, "QA Lead"));
    expect(second.code).toBe("CONFLICT");
    expect(second.message).toContain("Tech Lead");
    expect(await signoffSnapshot(created.id)).toEqual(before);

    const eventsBefore = await db.auditEvent.count({ where: { type: "environment.updated" } });
    await updateEnvironment(testContext(), { key, name: `Multi ${key}`, allowMultipleRolesPerSigner: true });
    const updated = await db.auditEvent.findMany({ where: { type: "environment.updated" }, orderBy: { id: "asc" } });
    expect(updated).toHaveLength(eventsBefore + 1);
    expect(updated.at(-1)?.data).toMatchObject({ before: { key, allowMultipleRolesPerSigner: false }, after: { key, allowMultipleRolesPerSigner: true } });

    await sign(both, created.id, "QA Lead");
    const mine = await db.signoff.findMany({ where: { releaseId: created.id, signerId: both.user.id, status: "active" }, select: { role: true } });
    expect(mine.map((entry) => entry.role).sort()).toEqual(["QA Lead", "Tech Lead"]);
    // Still only once per role.
    expect((await refusalOf(sign(both, created.id, "QA Lead"))).code).toBe("CONFLICT");
  });

  it("keeps exactly one signature when two holders of a role sign at the same moment", async () => {
    const key = `race-${Math.random().toString(36).slice(2, 8)}`;
    await createEnvironment(testContext(), { key, name: `Race ${key}`, allowMultipleRolesPerSigner: true });
    const [first, second] = [await createSigner(["tech-lead"]), await createSigner(["tech-lead"])];
    const created = await readyRelease(key);
    const outcomes = await Promise.allSettled([sign(first, created.id, "Tech Lead"), sign(second, created.id, "Tech Lead")]);
    const kept = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(kept).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: "CONFLICT" });
    expect((lost[0]!.reason as Error).message).toBe("Tech Lead needs 1 signer; 1 signed already.");
    const rows = await db.signoff.findMany({ where: { releaseId: created.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("active");
    expect((await releaseEventsOf(created.id)).filter((event) => event.type === "signoff.signed")).toHaveLength(1);
  });
});

describe("signOff: bound to what was shown", () => {
  it("refuses a stale shownHash (an item changed after the hash was shown) and signs nothing", async () => {
    const created = await readyRelease();
    const tech = signer("Tech Lead");
    const shown = await currentContentHash(created.id, "Tech Lead");
    const [item] = await itemKeysOf(created.id);
    await changeNote(created.id, item!.itemKey, "looked again");
    const before = await signoffSnapshot(created.id);

    const refused = await refusalOf(sign(tech, created.id, "Tech Lead", { shownHash: shown.hash }));
    expect(refused.code).toBe("CONFLICT");
    const now = await currentContentHash(created.id, "Tech Lead");
    expect(now.hash).not.toBe(shown.hash);
    expect(refused.details).toEqual({ contentHash: now.hash });
    expect(await signoffSnapshot(created.id)).toEqual(before);

    expect((await sign(tech, created.id, "Tech Lead", { shownHash: now.hash })).contentHash).toBe(now.hash);
  });

  it("records printed name, role, meaning, UTC time and the chain head, writes signoff.signed and a checkpoint", async () => {
    const created = await readyRelease();
    const tech = signer("Tech Lead");
    const shown = await currentContentHash(created.id, "Tech Lead");
    const headBefore = (await releaseEventsOf(created.id)).at(-1)!;
    const config = checkpointConfig();
    expect(config.dir).toBe(path.join(checkpointRoot, "checkpoints"));
    const filesBefore = await readdir(config.dir).catch(() => [] as string[]);
    const startedAt = Date.now();

    const result = await signOff(tech.context, {
      releaseId: created.id,
      role: "Tech Lead",
      meaning: "  Approve for staging  ",
      password: tech.password,
      shownHash: shown.hash,
      confirm: "yes",
    });
    const finishedAt = Date.now();

    const row = await db.signoff.findUniqueOrThrow({ where: { id: result.id } });
    const items = await itemKeysOf(created.id);
    expect(row).toMatchObject({
      releaseId: created.id,
      role: "Tech Lead",
      signerId: tech.user.id,
      printedName: tech.user.name,
      meaning: "Approve for staging",
      contentHash: shown.hash,
      status: "active",
      auditSeq: headBefore.seq,
      auditHash: headBefore.hash,
    });
    expect(result.contentHash).toBe(shown.hash);
    expect(new Set(row.coveredItems)).toEqual(new Set(items.map((item) => item.itemKey)));
    expect(row.signedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 5);
    expect(row.signedAt.getTime()).toBeLessThanOrEqual(finishedAt + 5);
    const [view] = (await listSignoffs(created.id)).filter((entry) => entry.id === result.id);
    expect(view?.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const events = await releaseEventsOf(created.id);
    const signed = events.filter((event) => event.type === "signoff.signed");
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatchObject({ seq: headBefore.seq + 1, prevHash: headBefore.hash });
    expect(signed[0]!.actor).toMatchObject({ kind: "user", id: tech.user.id, name: tech.user.name, signoffRoles: ["Tech Lead"], authentication: { method: "password" } });
    expect(signed[0]!.data).toEqual({
      after: {
        role: "Tech Lead",
        printedName: tech.user.name,
        meaning: "Approve for staging",
        contentHash: shown.hash,
        coveredItems: items.length,
        auditHead: { seq: headBefore.seq, hash: headBefore.hash },
        signoffId: result.id,
      },
    });
    // Re-entering the password is not a new sign-in.
    const signIns = await db.auditEvent.findMany({ where: { type: "auth.signed_in" } });
    expect(signIns.filter((event) => (event.subject as { id?: string }).id === tech.user.id)).toEqual([]);

    const newFiles = (await readdir(config.dir)).filter((file) => !filesBefore.includes(file));
    expect(newFiles.length).toBeGreaterThanOrEqual(1);
    const head = events.at(-1)!;
    const publicKey = publicKeyPem(await loadSigningKey(config.keyFile, false));
    const checkpoints = await Promise.all(newFiles.map(async (file) => JSON.parse(await readFile(path.join(config.dir, file), "utf8")) as Checkpoint));
    const covering = checkpoints.filter((checkpoint) => checkpoint.heads[releaseChain(created.id)]?.seq === head.seq);
    expect(covering).toHaveLength(1);
    expect(covering[0]!.heads[releaseChain(created.id)]).toEqual({ seq: head.seq, hash: head.hash });
    expect(verifyCheckpointSignature(covering[0]!, publicKey)).toBe(true);
  });

  // Regression: the stored hash is exactly the documented one (ADR 008), so a third party can recompute it.
  it("stores the documented hash: sha256 over RFC 8785 JSON of {release, role, items sorted by key}, recomputed here", async () => {
    const created = await readyRelease();
    const [item] = await itemKeysOf(created.id);
    await changeNote(created.id, item!.itemKey, "ünïcode ✓ and \"quotes\"");
    const result = await sign(signer("DevOps Engineer"), created.id, "DevOps Engineer");
    const row = await db.signoff.findUniqueOrThrow({ where: { id: result.id } });
    expect(row.contentHash).toBe(await specContentHash(created.id, "DevOps Engineer"));
  });
});

/**
 * One staging release S and the production release P of the same version,
 * from the first signature to the rollback. The steps build on each other (in
 * file order) so that the file signs about forty times rather than a hundred:
 * every signature re-verifies a password with argon2.
 */
describe("a staging and a production release, from sign-off to rollback", () => {
  const version = randomVersion();
  let staging: { id: string };
  let production: { id: string };
  let stagingSignoffs: { id: string; status: string }[] = [];

  beforeAll(async () => {
    staging = await readyRelease("staging", version);
  });

  it("approves when all eight roles have signed (not before); production can be created only then; approved refuses item changes", async () => {
    expect(signoffRoleNames(document)).toEqual(ROLE_NAMES);
    const seven = await signRoles(signers, staging.id, ROLE_NAMES.slice(0, 7));
    expect(seven.map((result) => result.status)).toEqual(Array(7).fill("awaiting_signoff"));
    expect(await statusOf(staging.id)).toBe("awaiting_signoff");
    const early = await refusalOf(createRelease(testContext(), { templateId, version, environment: "production" }));
    expect(early.code).toBe("CONFLICT");
    expect(early.message).toContain("Staging");

    const last = await sign(signer(ROLE_NAMES[7]!), staging.id, ROLE_NAMES[7]!);
    expect(last.status).toBe("approved");
    stagingSignoffs = [...seven, last].map((result) => ({ id: result.id, status: result.status }));
    expect(await statusOf(staging.id)).toBe("approved");
    const changes = (await releaseEventsOf(staging.id)).filter((event) => event.type === "release.status_changed");
    expect(changes.at(-1)?.data).toEqual({ before: { status: "awaiting_signoff" }, after: { status: "approved" } });

    const [item] = await itemKeysOf(staging.id);
    const before = await signoffSnapshot(staging.id);
    const refused = await refusalOf(changeNote(staging.id, item!.itemKey, "too late"));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/approved/);
    expect(await signoffSnapshot(staging.id)).toEqual(before);
    expect(await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId: staging.id, itemKey: item!.itemKey } } })).toMatchObject({ note: null, version: 1 });

    production = await readyRelease("production", version);
  });

  it("revokeSignoff: only your own (another's is not found), with a reason; approved goes back to awaiting sign-off", async () => {
    const techSignoff = stagingSignoffs[0]!.id;
    const before = await signoffSnapshot(staging.id);
    const notMine = await refusalOf(revokeSignoff(signer("QA Lead").context, { signoffId: techSignoff, reason: "I disagree" }));
    expect(notMine.code).toBe("NOT_FOUND");
    const noReason = await refusalOf(revokeSignoff(signer("Tech Lead").context, { signoffId: techSignoff, reason: "" }));
    expect(noReason).toMatchObject({ kind: "validation", fields: { reason: [expect.any(String)] } });
    expect(await signoffSnapshot(staging.id)).toEqual(before);

    expect(await revokeSignoff(signer("Tech Lead").context, { signoffId: techSignoff, reason: "Found a regression" })).toEqual({ role: "Tech Lead" });
    expect(await db.signoff.findUniqueOrThrow({ where: { id: techSignoff } })).toMatchObject({ status: "revoked", revokeReason: "Found a regression" });
    expect(await statusOf(staging.id)).toBe("awaiting_signoff");
    const tail = (await releaseEventsOf(staging.id)).slice(-2);
    expect(tail.map((event) => event.type)).toEqual(["signoff.revoked", "release.status_changed"]);
    expect(tail[0]!.data).toEqual({ role: "Tech Lead", printedName: signer("Tech Lead").user.name, reason: "Found a regression" });
    expect(tail[1]!.data).toMatchObject({ before: { status: "approved" }, after: { status: "awaiting_signoff" } });
    expect((await refusalOf(revokeSignoff(signer("Tech Lead").context, { signoffId: techSignoff, reason: "again" }))).code).toBe("CONFLICT");
  });

  it("re-checks the gate at signing: production cannot be signed while staging is not approved, and can once it is again", async () => {
    const before = await signoffSnapshot(production.id);
    const gated = await refusalOf(sign(signer("QA Lead"), production.id, "QA Lead"));
    expect(gated.code).toBe("CONFLICT");
    expect(gated.message).toContain("Staging");
    expect(gated.message).toContain(version);
    expect(await signoffSnapshot(production.id)).toEqual(before);

    expect((await sign(signer("Tech Lead"), staging.id, "Tech Lead")).status).toBe("approved");
    const signed = await signRoles(signers, production.id, ROLE_NAMES.slice(0, 3));
    expect(signed.map((result) => result.status)).toEqual(["awaiting_signoff", "awaiting_signoff", "awaiting_signoff"]);
  });

  it("marks the covering signatures stale at once when an item changes, and approves only after they sign again", async () => {
    const first = ROLE_NAMES.slice(0, 3);
    const live = await db.signoff.findMany({ where: { releaseId: production.id, status: "active" } });
    expect(live.map((row) => row.role).sort()).toEqual([...first].sort());
    const changed = (await itemKeysOf(production.id))[5]!.itemKey;
    const seqBefore = (await releaseEventsOf(production.id)).at(-1)!.seq;

    await changeNote(production.id, changed, "rerun after the flaky test");

    const rows = await db.signoff.findMany({ where: { releaseId: production.id } });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.status).toBe("stale");
      expect(row.staleAt).not.toBeNull();
      expect(row.staleReason).toContain(titleOf(changed));
    }
    const newEvents = (await releaseEventsOf(production.id)).filter((event) => event.seq > seqBefore);
    expect(newEvents.map((event) => event.type)).toEqual(["item.updated", "signoff.stale", "signoff.stale", "signoff.stale"]);
    expect(newEvents.slice(1).map((event) => (event.data as { role: string }).role).sort()).toEqual([...first].sort());
    for (const event of newEvents.slice(1)) expect((event.data as { reason: string }).reason).toContain(titleOf(changed));
    for (const row of rows) expect((await verifySignoff(row.id)).matches).toBe(false);
    expect((await listSignoffs(production.id)).map((view) => view.status)).toEqual(["stale", "stale", "stale"]);

    // The other five sign: not approved, three roles have no live signature.
    await signRoles(signers, production.id, ROLE_NAMES.slice(3));
    expect(await statusOf(production.id)).toBe("awaiting_signoff");
    expect(await db.signoff.count({ where: { releaseId: production.id, status: "active" } })).toBe(5);

    // The same three people sign again.
    const again = await signRoles(signers, production.id, first);
    expect(again.at(-1)?.status).toBe("approved");
    expect(await db.signoff.count({ where: { releaseId: production.id, status: "active" } })).toBe(8);
    expect(await db.signoff.count({ where: { releaseId: production.id, status: "stale" } })).toBe(3);
  });

  it("reopenRelease: only from approved, with a reason; every signature goes stale and items can change again", async () => {
    const pending = await readyRelease();
    expect((await refusalOf(reopenRelease(testContext(), { releaseId: pending.id, reason: "Need changes" }))).code).toBe("CONFLICT");
    expect(await statusOf(staging.id)).toBe("approved");
    expect((await refusalOf(reopenRelease(testContext(), { releaseId: staging.id, reason: "" }))).fields).toHaveProperty("reason");
    const seqBefore = (await releaseEventsOf(staging.id)).at(-1)!.seq;

    await reopenRelease(testContext(), { releaseId: staging.id, reason: "Hotfix folded in" });
    expect(await statusOf(staging.id)).toBe("awaiting_signoff");
    const rows = await db.signoff.findMany({ where: { releaseId: staging.id, status: { not: "revoked" } } });
    expect(rows.map((row) => row.status)).toEqual(Array(8).fill("stale"));
    for (const row of rows) expect(row.staleReason).toBe("reopened: Hotfix folded in");
    const events = (await releaseEventsOf(staging.id)).filter((event) => event.seq > seqBefore);
    expect(events.map((event) => event.type)).toEqual([...Array(8).fill("signoff.stale"), "release.status_changed"]);
    expect(events.at(-1)?.data).toEqual({ before: { status: "approved" }, after: { status: "awaiting_signoff" }, reason: "Hotfix folded in" });

    const [item] = await itemKeysOf(staging.id);
    expect((await changeNote(staging.id, item!.itemKey, "after reopening")).item.note).toBe("after reopening");
  });

  it("finishRelease: deployed only from approved, rolled back with reason and trigger; both are final", async () => {
    const notYet = await refusalOf(finishRelease(testContext(), { releaseId: staging.id, outcome: "deployed" }));
    expect(notYet.code).toBe("CONFLICT");
    expect(notYet.message).toMatch(/must be approved/);

    await finishRelease(testContext(), { releaseId: production.id, outcome: "deployed" });
    expect(await statusOf(production.id)).toBe("deployed");
    expect((await releaseEventsOf(production.id)).at(-1)).toMatchObject({ type: "release.status_changed", data: { before: { status: "approved" }, after: { status: "deployed" } } });
    const [item] = await itemKeysOf(production.id);
    expect(await refusalOf(changeNote(production.id, item!.itemKey, "after deploy"))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/deployed/) });
    const live = await db.signoff.findFirstOrThrow({ where: { releaseId: production.id, role: "Tech Lead", status: "active" } });
    expect((await refusalOf(revokeSignoff(signer("Tech Lead").context, { signoffId: live.id, reason: "nope" }))).code).toBe("CONFLICT");
    const newcomer = await createSigner(["tech-lead"]);
    expect(await refusalOf(sign(newcomer, production.id, "Tech Lead"))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/deployed/) });

    const before = await signoffSnapshot(production.id);
    const noReason = await refusalOf(finishRelease(testContext(), { releaseId: production.id, outcome: "rolled_back", trigger: "Error rate above 5%" } as never));
    expect(noReason.kind).toBe("validation");
    expect(noReason.fields).toHaveProperty("reason");
    const noTrigger = await refusalOf(finishRelease(testContext(), { releaseId: production.id, outcome: "rolled_back", reason: "Errors spiked" } as never));
    expect(noTrigger.fields).toHaveProperty("trigger");
    expect(await signoffSnapshot(production.id)).toEqual(before);

    await finishRelease(testContext(), { releaseId: production.id, outcome: "rolled_back", reason: "Errors spiked", trigger: "Error rate above 5%" });
    expect(await db.release.findUniqueOrThrow({ where: { id: production.id } })).toMatchObject({
      status: "rolled_back",
      outcomeReason: "Errors spiked",
      rollbackTrigger: "Error rate above 5%",
    });
    expect((await releaseEventsOf(production.id)).at(-1)?.data).toEqual({
      before: { status: "deployed" },
      after: { status: "rolled_back" },
      reason: "Errors spiked",
      rollbackTrigger: "Error rate above 5%",
    });
    const afterRollback = await signoffSnapshot(production.id);
    expect(await refusalOf(sign(newcomer, production.id, "Tech Lead"))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/rolled back/) });
    expect((await refusalOf(changeNote(production.id, item!.itemKey, "after rollback"))).code).toBe("CONFLICT");
    expect((await refusalOf(finishRelease(testContext(), { releaseId: production.id, outcome: "deployed" }))).code).toBe("CONFLICT");
    expect(await signoffSnapshot(production.id)).toEqual(afterRollback);
  });
});

describe("cancelling", () => {
  it("finishRelease: cancelled needs a reason; a cancelled release refuses signing and item changes", async () => {
    const created = await readyRelease();
    const noReason = await refusalOf(finishRelease(testContext(), { releaseId: created.id, outcome: "cancelled" } as never));
    expect(noReason.fields).toHaveProperty("reason");
    await finishRelease(testContext(), { releaseId: created.id, outcome: "cancelled", reason: "Superseded by the next version" });
    expect(await db.release.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: "cancelled", outcomeReason: "Superseded by the next version" });

    const before = await signoffSnapshot(created.id);
    const refused = await refusalOf(sign(signer("Tech Lead"), created.id, "Tech Lead"));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/cancelled/) });
    const [item] = await itemKeysOf(created.id);
    expect((await refusalOf(changeNote(created.id, item!.itemKey, "after cancel"))).code).toBe("CONFLICT");
    expect((await refusalOf(finishRelease(testContext(), { releaseId: created.id, outcome: "deployed" }))).code).toBe("CONFLICT");
    expect(await signoffSnapshot(created.id)).toEqual(before);
  });
});

describe("verifySignoff", () => {
  it("a live signature matches", async () => {
    const created = await readyRelease();
    const result = await sign(signer("SRE Lead"), created.id, "SRE Lead");
    expect((await verifySignoff(result.id)).matches).toBe(true);
  });

  it("recomputes the documented hash; after a change the stale signature no longer matches; a copy onto another release does not match", async () => {
    const created = await readyRelease();
    const other = await readyRelease();
    const result = await sign(signer("SRE Lead"), created.id, "SRE Lead");

    const live = await verifySignoff(result.id);
    expect(live.stored).toBe(result.contentHash);
    expect(live.recomputed).toBe(await specContentHash(created.id, "SRE Lead"));

    // A signature row copied onto another release, as the database superuser.
    const client = await connect(superuserUrlOf(database.database));
    let copyId: string;
    try {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO signoffs (id, release_id, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items, audit_seq, audit_hash, status)
         SELECT gen_random_uuid(), $2::uuid, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items, audit_seq, audit_hash, 'stale'
         FROM signoffs WHERE id = $1::uuid RETURNING id::text`,
        [result.id, other.id],
      );
      copyId = inserted.rows[0]!.id;
    } finally {
      await client.end();
    }
    const copy = await verifySignoff(copyId);
    expect(copy.matches).toBe(false);
    expect(copy.stored).toBe(result.contentHash);
    expect(copy.recomputed).not.toBe(live.recomputed);
    expect(copy.recomputed).toBe(await specContentHash(other.id, "SRE Lead"));

    const [item] = await itemKeysOf(created.id);
    await changeNote(created.id, item!.itemKey, "changed after signing");
    expect((await db.signoff.findUniqueOrThrow({ where: { id: result.id } })).status).toBe("stale");
    const stale = await verifySignoff(result.id);
    expect(stale.matches).toBe(false);
    expect(stale.recomputed).not.toBe(live.recomputed);
    expect(stale.recomputed).toBe(await specContentHash(created.id, "SRE Lead"));
  });
});

describe("exportReleaseMarkdown", () => {
  it("exports the completed checklist: ticks, N/A struck through with its reason, the version, sign-off lines, contacts; it parses again", async () => {
    const version = randomVersion();
    const created = await createStagingRelease(templateId, "staging", version);
    const items = await itemKeysOf(created.id);
    const naKey = items[3]!.itemKey;
    const envItem = allItems(document).find(({ item }) => item.command?.includes("X.Y.Z") || item.title.includes("X.Y.Z"))!.item;
    await completeItems(created.id, { overrides: { [naKey]: { status: "na", reason: "No scanner for this component" } } });
    await updateContacts(testContext(), {
      releaseId: created.id,
      contacts: [{ role: "On-call Engineer", name: "Olive Oncall", phone: "+1 555 0100", email: "olive@example.test" }],
    });
    await signRoles(signers, created.id, ["Tech Lead", "QA Lead"]);

    const { fileName, markdown } = await exportReleaseMarkdown(created.id);
    expect(fileName).toBe(`staging-${version}-checklist.md`);
    const lines = markdown.split("\n");
    expect(lines[0]).toBe(`# ${document.title}: Staging ${version}`);
    expect(markdown).not.toContain("X.Y.Z");
    expect(markdown).toContain(`--version ${version}`);
    expect(envItem).toBeDefined();

    const doneTitle = titleOf(items[0]!.itemKey);
    expect(lines).toContain(`- [x] ${doneTitle}`);
    expect(lines).toContain(`- [x] ~~${titleOf(naKey)}~~ (N/A: No scanner for this component)`);
    expect(lines.filter((line) => line.startsWith("- [ ] ") && !line.startsWith("- [ ] **"))).toEqual([]);

    const signoffs = await db.signoff.findMany({ where: { releaseId: created.id } });
    for (const role of ["Tech Lead", "QA Lead"]) {
      const index = lines.findIndex((entry) => entry.startsWith(`- [x] **${role}**: `));
      const match = lines[index]?.match(/^- \[x\] \*\*(.+)\*\*: (.+) Date: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC$/);
      expect(match, `${role} line: ${lines[index]}`).not.toBeNull();
      const row = signoffs.find((entry) => entry.role === role)!;
      expect(match![2]).toBe(signer(role).user.name);
      expect(match![3]).toBe(row.signedAt.toISOString().slice(0, 16).replace("T", " "));
      // Below the line, nested: the meaning and the content hash of exactly this signature.
      expect(lines.slice(index + 1, index + 5)).toEqual([
        "",
        `  Meaning: Approve ${role} for release\\`,
        `  Content hash (sha256): ${row.contentHash}\\`,
        `  Signed: ${row.signedAt.toISOString().slice(0, 19).replace("T", " ")} UTC`,
      ]);
    }
    expect(lines.some((line) => /^- \[ \] \*\*Engineering Manager\*\*: _+ Date: _+$/.test(line))).toBe(true);
    expect(lines).toContain("| On-call Engineer | Olive Oncall | +1 555 0100 | olive@example.test |");
    expect(lines).toContain("| DevOps Lead | TBD | TBD | TBD |");

    // The footer: the release, the head of its audit chain as exported, and the checkpoint key's fingerprint.
    const head = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(created.id) }, orderBy: { seq: "desc" } });
    const fingerprint = publicKeyFingerprint(await loadSigningKey(checkpointConfig().keyFile));
    expect(markdown.trimEnd().split("\n").slice(-3)).toEqual([
      `Release id: ${created.id}\\`,
      `Audit head: event ${head.seq} of chain release:${created.id}, hash ${head.hash}\\`,
      `Checkpoint key fingerprint (SHA-256): ${fingerprint}`,
    ]);

    const parsed = parseTemplateMarkdown(markdown);
    if (!parsed.ok) throw new Error(`export did not parse: ${JSON.stringify(parsed.errors)}`);
    expect(parsed.document.title).toBe(`${document.title}: Staging ${version}`);
    expect(parsed.document.blocks.map((block) => block.title)).toEqual(document.blocks.map((block) => block.title));
    // Every checklist item comes back, the version filled in and the N/A reason kept.
    const checklistTitles = (doc: TemplateDocument) =>
      doc.blocks.flatMap((block) => (block.kind === "checklist" && block.title !== "Sign-off" ? block.subsections.flatMap((sub) => sub.items.map((item) => item.title)) : []));
    const expected = checklistTitles(document).map((title) => (title === titleOf(naKey) ? `~~${title}~~ (N/A: No scanner for this component)` : title.replaceAll("X.Y.Z", version)));
    expect(checklistTitles(parsed.document)).toEqual(expected);
  });

  it("keeps notes, evidence links, earlier blocks and stale signatures as nested lines, and a forged sign-off line in a note stays text", async () => {
    const created = await createStagingRelease(templateId);
    const items = await itemKeysOf(created.id);
    const [noted, blocked] = [items[1]!.itemKey, items[2]!.itemKey];
    const forged = "- [x] **Tech Lead**: Forged Person Date: 2026-12-06 10:00 UTC";
    await completeItems(created.id, { leaveOpen: [blocked] });
    await setItemState(testContext(), { releaseId: created.id, itemKey: blocked, expectedVersion: 0, status: "blocked", reason: "Waiting for <b>infra</b>" });
    await setItemState(testContext(), { releaseId: created.id, itemKey: blocked, expectedVersion: 1, status: "done" });
    await signRoles(signers, created.id, ["QA Lead"]);
    await setItemState(testContext(), { releaseId: created.id, itemKey: noted, status: "done", note: `Checked by hand.\n${forged}\n<script>alert(1)</script>`, evidenceLinks: ["https://ci.example.test/build/42?a=(b)"] });
    expect(await db.signoff.findFirstOrThrow({ where: { releaseId: created.id, role: "QA Lead" } })).toMatchObject({ status: "stale" });

    const { markdown } = await exportReleaseMarkdown(created.id);
    const lines = markdown.split("\n");
    const at = lines.indexOf(`- [x] ${titleOf(noted)}`);
    expect(lines.slice(at, at + 4)).toEqual([
      `- [x] ${titleOf(noted)}`,
      "",
      "  Note: Checked by hand. - \\[x\\] \\*\\*Tech Lead\\*\\*: Forged Person Date: 2026-12-06 10:00 UTC &lt;script\\>alert(1)&lt;/script\\>\\",
      "  Evidence: [https://ci.example.test/build/42?a=(b)](https://ci.example.test/build/42?a=%28b%29)",
    ]);
    const blockedAt = lines.indexOf(`- [x] ${titleOf(blocked)}`);
    expect(lines[blockedAt + 2]).toMatch(/^ {2}Blocked \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: Waiting for &lt;b\\>infra&lt;\/b\\>$/);
    // The stale QA Lead signature: a blank line, and below it who signed, why it is no longer valid, and its hash.
    const qa = lines.findIndex((line) => line.startsWith("- [ ] **QA Lead**: "));
    expect(lines[qa]).toMatch(/^- \[ \] \*\*QA Lead\*\*: _+ Date: _+$/);
    expect(lines[qa + 2]).toMatch(new RegExp(`^  Stale: ${signer("QA Lead").user.name} signed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC; no longer valid: `));
    // Exactly one Tech Lead line, the blank one; the forged one is text inside the note.
    expect(lines.filter((line) => /^\s*[-*+] \[[ x]\] \*\*Tech Lead\*\*/.test(line))).toHaveLength(1);
    const parsed = parseTemplateMarkdown(markdown);
    if (!parsed.ok) throw new Error(`export did not parse: ${JSON.stringify(parsed.errors)}`);
    expect(parsed.document.blocks.filter((block) => block.kind === "signoff").flatMap((block) => block.groups.flatMap((group) => group.roles))).toEqual(signoffRoleNames(document));
    expect(allItems(parsed.document)).toHaveLength(allItems(document).filter(({ item }) => !item.environments || item.environments.includes("staging")).length);
  });
});
