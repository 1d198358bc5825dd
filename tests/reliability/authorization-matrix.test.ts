import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLE_PERMISSIONS, type Permission } from "../../lib/auth/permissions";
import { loadActiveUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { currentContentHash } from "../../lib/signoffs/sign-off";
import { loadTemplateDocument } from "../../lib/templates/load-template-document";
import { createToken } from "../../lib/tokens/tokens";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { completeItems, createSigner, sign, type Signer, signerContext } from "../support/signoffs";
import { createTestUser, testContext } from "../support/users";
import { RedirectSignal, session, signOutSession } from "./support/session";
import { writeSnapshot } from "./support/write-snapshot";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock());
vi.mock("next/navigation", async () => (await import("./support/session")).nextNavigationMock());
vi.mock("../../lib/auth/auth", async () => (await import("./support/session")).authMock());

import * as environmentActions from "../../app/(app)/admin/environments/actions";
import * as userActions from "../../app/(app)/admin/users/actions";
import * as profileActions from "../../app/(app)/profile/actions";
import * as itemActions from "../../app/(app)/releases/[id]/actions";
import * as signoffActions from "../../app/(app)/releases/[id]/signoff-actions";
import * as releaseActions from "../../app/(app)/releases/actions";
import * as templateActions from "../../app/(app)/templates/actions";
import * as itemRoute from "../../app/api/v1/projects/[key]/releases/[id]/items/[itemKey]/route";
import * as releasesRoute from "../../app/api/v1/projects/[key]/releases/route";

/**
 * Every mutation (server action or mutating API route) x every caller
 * (admin, member, auditor, a disabled user, no session) x, where it
 * matters, own or someone else's object and the sign-off role held. The
 * expected outcome of each cell comes from ROLE_PERMISSIONS, so changing the
 * permission table changes the expectations. Allowed: it succeeds and
 * writes. Refused: a 401/403-like refusal (404 for someone else's object)
 * and nothing written.
 */
const TECH_LEAD = "Tech Lead";
type Caller = "admin" | "member" | "auditor" | "disabled" | "anonymous";
const CALLERS: Caller[] = ["admin", "member", "auditor", "disabled", "anonymous"];
type Owner = "own" | "other's";
type Scenario = { caller: Caller; owner?: Owner; signsAs?: "held role" | "other role" };

/** The callers' users: each holds the Tech Lead sign-off role, so sign-off cells test the app role and the sign-off role separately. */
const users = {} as Record<Exclude<Caller, "anonymous">, Signer> & { bystander: Signer };
const tokens = {} as Record<Exclude<Caller, "anonymous">, string>;
let templateId: string;
let checkpointRoot: string;
const savedEnv = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };

/** What the permission table says: a disabled user or no session may do nothing. */
function expectedAllowed(caller: Caller, permission: Permission): boolean {
  if (caller === "anonymous" || caller === "disabled") return false;
  return (ROLE_PERMISSIONS[caller] as readonly Permission[]).includes(permission);
}

const rand = () => randomBytes(4).toString("hex");
const freshRelease = async () => (await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" })).id;
const readyRelease = async () => {
  const releaseId = await freshRelease();
  await completeItems(releaseId);
  return releaseId;
};
const firstItem = async (releaseId: string) => (await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } })).itemKey;
const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const entry of Array.isArray(value) ? value : [value]) data.append(key, entry);
  return data;
};

type Outcome = { ok: boolean; refusal?: string };
type Action = (previous: { status: "idle" }, formData: FormData) => Promise<{ status: string; message?: string } | void>;

async function runAction(action: Action, data: FormData): Promise<Outcome> {
  try {
    const state = await action({ status: "idle" }, data);
    return state?.status === "success" ? { ok: true } : { ok: false, refusal: state?.message };
  } catch (error) {
    if (error instanceof RedirectSignal) return { ok: true };
    throw error;
  }
}

async function runApi(handler: (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>, caller: Caller, method: string, url: string, params: Record<string, string>, body: unknown): Promise<Outcome> {
  const headers = new Headers({ "content-type": "application/json" });
  if (caller !== "anonymous") headers.set("authorization", `Bearer ${tokens[caller]}`);
  const response = await handler(new Request(`http://localhost:3000${url}`, { method, headers, body: JSON.stringify(body) }), { params: Promise.resolve(params) });
  const json = (await response.json()) as { error?: { code: string; message: string } };
  return response.ok ? { ok: true } : { ok: false, refusal: `${response.status} ${json.error?.code}: ${json.error?.message}` };
}

/** One mutation: its permission, its scenarios, and how to prepare one cell (setup) and then make the call under test. */
type Call = () => Promise<Outcome>;
type Mutation = {
  name: string;
  permission: Permission;
  scenarios?: (caller: Caller) => Scenario[];
  prepare: (scenario: Scenario) => Promise<Call>;
};

/** Setup on behalf of the disabled user (their own token, their own signature) runs while they are briefly enabled. */
async function whileEnabled<T>(owner: Signer, body: () => Promise<T>): Promise<T> {
  const disabled = owner.user.id === users.disabled.user.id;
  if (disabled) await setUserDisabled(testContext(), owner.user.id, false);
  try {
    return await body();
  } finally {
    if (disabled) await setUserDisabled(testContext(), owner.user.id, true);
  }
}

const ownership = (caller: Caller): Scenario[] => [{ caller, owner: "own" }, { caller, owner: "other's" }];
/** The user whose object it is: the caller's own, or the bystander's. */
const ownerOf = ({ caller, owner }: Scenario): Signer => (owner === "own" && caller !== "anonymous" ? users[caller] : users.bystander);

const mutations: Mutation[] = [
  {
    name: "createEnvironmentAction",
    permission: "environment:manage",
    prepare: async () => () => runAction(environmentActions.createEnvironmentAction as Action, form({ key: `env-${rand()}`, name: `Env ${rand()}` })),
  },
  {
    name: "updateEnvironmentAction",
    permission: "environment:manage",
    prepare: async () => () => runAction(environmentActions.updateEnvironmentAction as Action, form({ key: "staging", name: `Staging ${rand()}` })),
  },
  {
    name: "createUserAction",
    permission: "user:manage",
    prepare: async () => () =>
      runAction(userActions.createUserAction as Action, form({ email: `new-${rand()}@example.test`, name: `New ${rand()}`, appRole: "member", password: `pw-${rand()}${rand()}` })),
  },
  {
    name: "setUserRolesAction",
    permission: "user:manage",
    prepare: async () => {
      const target = await createSigner([], `Target ${rand()}`);
      return () => runAction(userActions.setUserRolesAction as Action, form({ userId: target.user.id, appRole: "auditor" }));
    },
  },
  {
    name: "setUserDisabledAction",
    permission: "user:manage",
    prepare: async () => {
      const target = await createSigner([], `Target ${rand()}`);
      return () => runAction(userActions.setUserDisabledAction as Action, form({ userId: target.user.id, disabled: "true" }));
    },
  },
  {
    name: "resetPasswordAction",
    permission: "user:manage",
    prepare: async () => {
      const target = await createSigner([], `Reset ${rand()}`);
      return () => runAction(userActions.resetPasswordAction as Action, form({ userId: target.user.id, password: `temporary ${rand()} ${rand()}` }));
    },
  },
  { name: "createSignoffRoleAction", permission: "role:manage", prepare: async () => () => runAction(userActions.createSignoffRoleAction as Action, form({ name: `Role ${rand()}` })) },
  { name: "createTokenAction", permission: "token:manage", prepare: async () => () => runAction(profileActions.createTokenAction as Action, form({ name: `Token ${rand()}` })) },
  {
    name: "revokeTokenAction",
    permission: "token:manage",
    scenarios: ownership,
    prepare: async (scenario) => {
      const holder = ownerOf(scenario);
      const { row } = await whileEnabled(holder, () => createToken(testContext(holder.user.id), holder.user.id, { name: `Revoke me ${rand()}` }));
      return () => runAction(profileActions.revokeTokenAction as Action, form({ tokenId: row.id }));
    },
  },
  {
    name: "setItemStateAction",
    permission: "item:update",
    prepare: async () => {
      const releaseId = await freshRelease();
      const itemKey = await firstItem(releaseId);
      return () => runAction(itemActions.setItemStateAction as Action, form({ releaseId, itemKey, expectedVersion: "0", status: "done" }));
    },
  },
  {
    name: "updateContactsAction",
    permission: "item:update",
    prepare: async () => {
      const releaseId = await freshRelease();
      return () => runAction(itemActions.updateContactsAction as Action, form({ releaseId, "role[]": "On-call Engineer", "name[]": `Pat ${rand()}`, "phone[]": "+1 555 0100", "email[]": "" }));
    },
  },
  {
    name: "createReleaseAction",
    permission: "release:create",
    prepare: async () => () => runAction(releaseActions.createReleaseAction as Action, form({ templateId, templateVersion: "", version: randomVersion(), environment: "staging" })),
  },
  {
    name: "finishReleaseAction",
    permission: "release:create",
    prepare: async () => {
      const releaseId = await freshRelease();
      return () => runAction(signoffActions.finishReleaseAction as Action, form({ releaseId, outcome: "cancelled", reason: "Superseded by a newer build" }));
    },
  },
  {
    name: "signOffAction",
    permission: "signoff:sign",
    scenarios: (caller) => [{ caller, signsAs: "held role" }, { caller, signsAs: "other role" }],
    prepare: async ({ caller, signsAs }) => {
      const releaseId = await readyRelease();
      const role = signsAs === "held role" ? TECH_LEAD : "QA Lead";
      const { hash } = await currentContentHash(releaseId, role);
      const password = caller === "anonymous" ? "no password" : users[caller].password;
      return () => runAction(signoffActions.signOffAction as Action, form({ releaseId, role, meaning: "Approve for staging", password, shownHash: hash, confirm: "yes" }));
    },
  },
  {
    name: "revokeSignoffAction",
    permission: "signoff:sign",
    scenarios: ownership,
    prepare: async (scenario) => {
      const releaseId = await readyRelease();
      // Signed through the use case (it checks the sign-off role, not the app permission), by the caller or by someone else.
      const signer = ownerOf(scenario);
      const signed = await whileEnabled(signer, () => sign(signer, releaseId, TECH_LEAD));
      return () => runAction(signoffActions.revokeSignoffAction as Action, form({ signoffId: signed.id, reason: "Signed the wrong build" }));
    },
  },
  {
    name: "reopenReleaseAction",
    permission: "release:reopen",
    prepare: async () => {
      const releaseId = await readyRelease();
      await sign(users.bystander, releaseId, TECH_LEAD);
      expect((await db.release.findUniqueOrThrow({ where: { id: releaseId } })).status).toBe("approved");
      return () => runAction(signoffActions.reopenReleaseAction as Action, form({ releaseId, reason: "A late finding in QA" }));
    },
  },
  {
    name: "importTemplateAction",
    permission: "template:manage",
    prepare: async () => () => runAction(templateActions.importTemplateAction as Action, form({ markdown: SMALL_CHECKLIST, name: `Imported ${rand()}` })),
  },
  {
    name: "saveTemplateVersionAction",
    permission: "template:manage",
    prepare: async () => {
      const id = await importMarkdownTemplate(SMALL_CHECKLIST, "Edited");
      const version = await db.templateVersion.findFirstOrThrow({ where: { templateId: id }, orderBy: { version: "desc" } });
      const document = await loadTemplateDocument(version.id);
      const fields = { templateId: id, baseVersion: String(version.version), document: JSON.stringify({ ...document, title: `Edited ${rand()}` }) };
      return () => runAction(templateActions.saveTemplateVersionAction as Action, form(fields));
    },
  },
  {
    name: "POST /api/v1/releases",
    permission: "release:create",
    prepare: async ({ caller }) => () => runApi(releasesRoute.POST, caller, "POST", "/api/v1/releases", {}, { templateId, version: randomVersion(), environment: "staging" }),
  },
  {
    name: "PATCH /api/v1/releases/[id]/items/[itemKey]",
    permission: "item:update",
    prepare: async ({ caller }) => {
      const releaseId = await freshRelease();
      const itemKey = await firstItem(releaseId);
      return () => runApi(itemRoute.PATCH, caller, "PATCH", `/api/v1/releases/${releaseId}/items/${itemKey}`, { id: releaseId, itemKey }, { status: "done", note: "From CI" });
    },
  },
];

const context = setupTestDatabase();

beforeAll(async () => {
  checkpointRoot = await mkdtemp(path.join(os.tmpdir(), "countersign-matrix-checkpoints-"));
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(checkpointRoot, "checkpoints");
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(checkpointRoot, "key.pem");
  expect(context.database.name).toMatch(/^cs_test_/);
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Matrix");
  for (const caller of ["admin", "member", "auditor", "disabled"] as const) {
    const created = await createTestUser({ appRole: caller === "disabled" ? "member" : caller, signoffRoles: ["tech-lead"], name: `Matrix ${caller}` });
    tokens[caller] = (await createToken(testContext(created.id), created.id, { name: "matrix" })).token;
    const user = (await loadActiveUser(created.id))!;
    users[caller] = { user, password: created.password, context: signerContext(user) };
  }
  users.bystander = await createSigner(["tech-lead"], "Matrix bystander");
  await setUserDisabled(testContext(), users.disabled.user.id, true);
});

afterAll(async () => {
  signOutSession();
  if (savedEnv.dir === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
  else process.env.COUNTERSIGN_CHECKPOINT_DIR = savedEnv.dir;
  if (savedEnv.key === undefined) delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
  else process.env.COUNTERSIGN_CHECKPOINT_KEY = savedEnv.key;
  if (checkpointRoot) await rm(checkpointRoot, { recursive: true, force: true });
});

/** The caller's session, set after each cell's setup (which may sign users in or out). */
async function becomeCaller(caller: Caller): Promise<void> {
  if (caller === "anonymous") return signOutSession();
  // A disabled user's session still carries their id; the app must refuse it.
  const row = await db.user.findUniqueOrThrow({ where: { id: users[caller].user.id }, select: { sessionVersion: true } });
  session.current = { userId: users[caller].user.id, sessionVersion: row.sessionVersion };
}

/** The refusals a caller without the right gets: 401, 403, or "not found" for someone else's object. */
const REFUSAL = /You do not have permission|Your session has ended|Sign in, or send a valid token|API token is invalid|^40[134] |not found|You do not hold/i;

const cells = mutations.flatMap((mutation) => CALLERS.flatMap((caller) => (mutation.scenarios?.(caller) ?? [{ caller }]).map((scenario) => ({ mutation, scenario }))));

describe(`authorization matrix: ${mutations.length} mutations x ${CALLERS.length} callers (${cells.length} cells, from ROLE_PERMISSIONS)`, () => {
  const tally = { allowed: 0, refused: 0 };
  afterAll(() => console.info(`[authorization-matrix] ${cells.length} cells: ${mutations.length} mutations x ${CALLERS.length} callers (+ own/other's object and held/other sign-off role): ${tally.allowed} allowed, ${tally.refused} refused`));

  it.each(cells.map(({ mutation, scenario }) => [`${mutation.name} by ${scenario.caller}${scenario.owner ? ` on ${scenario.owner} object` : ""}${scenario.signsAs ? ` signing as ${scenario.signsAs}` : ""}`, mutation, scenario] as const))(
    "%s",
    { timeout: 30_000 },
    async (_label, mutation, scenario) => {
      // Someone else's object, or a role the caller does not hold, is refused whatever the app role.
      const allowed = expectedAllowed(scenario.caller, mutation.permission) && scenario.owner !== "other's" && scenario.signsAs !== "other role";
      const call = await mutation.prepare(scenario);
      await becomeCaller(scenario.caller);
      const before = await writeSnapshot();
      const outcome = await call();
      const after = await writeSnapshot();
      tally[outcome.ok ? "allowed" : "refused"] += 1;
      expect(outcome.ok, `${mutation.name} (${mutation.permission}) by ${scenario.caller}: ${outcome.refusal ?? "succeeded"}`).toBe(allowed);
      if (allowed) {
        // Every mutation commits with an audit event.
        expect(BigInt(after.audit_head!)).toBeGreaterThan(BigInt(before.audit_head!));
      } else {
        expect(outcome.refusal).toMatch(REFUSAL);
        expect(after).toEqual(before);
      }
    },
  );
});
