import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PROJECT_PERMISSIONS, PROJECT_ROLE_PERMISSIONS, ROLE_PERMISSIONS, type AppRole, type Permission, type ProjectRole } from "../../lib/auth/permissions";
import { systemContext } from "../../lib/audit/actor";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { addRoleHolder } from "../../lib/projects/add-role-holder";
import { createProject } from "../../lib/projects/create-project";
import { DEFAULT_PROJECT_ID, DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { removeProjectMember } from "../../lib/projects/remove-project-member";
import { setAuditorProjects } from "../../lib/projects/set-auditor-projects";
import { setProjectMemberRole } from "../../lib/projects/set-project-member-role";
import { TOKEN_SCOPE_FOR_PERMISSION, TOKEN_SCOPES } from "../../lib/tokens/token-scopes";
import { loadActiveUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { currentContentHash } from "../../lib/signoffs/sign-off";
import { loadTemplateDocument } from "../../lib/templates/load-template-document";
import { createProjectToken, createToken } from "../../lib/tokens/tokens";
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

import * as environmentActions from "../../app/(app)/p/[key]/settings/environments/actions";
import * as userActions from "../../app/(app)/admin/users/actions";
import * as profileActions from "../../app/(app)/profile/actions";
import * as itemActions from "../../app/(app)/p/[key]/releases/[id]/actions";
import * as signoffActions from "../../app/(app)/p/[key]/releases/[id]/signoff-actions";
import * as releaseActions from "../../app/(app)/p/[key]/releases/actions";
import * as templateActions from "../../app/(app)/p/[key]/templates/actions";
import * as projectActions from "../../app/(app)/projects/actions";
import * as projectSettingsActions from "../../app/(app)/p/[key]/settings/actions";
import * as itemRoute from "../../app/api/v1/projects/[key]/releases/[id]/items/[itemKey]/route";
import * as releasesRoute from "../../app/api/v1/projects/[key]/releases/route";
import * as releaseRoute from "../../app/api/v1/projects/[key]/releases/[id]/route";

/**
 * Every mutation (server action or mutating API route), and the API's reads,
 * x every caller, x where it matters own or someone else's object and the
 * sign-off role held. Callers span the project dimension (issue 11): a member
 * of the project the object lives in (A) or of another one (B), a sign-off
 * role holder in A or only in B, maintainer vs contributor, an auditor
 * organisation-wide or scoped to A or to B, and for the API a personal token,
 * a project token of A or of B, a personal token restricted to B, and a token
 * without the scope the route needs. The expected outcome of each cell comes
 * from the permission tables (ROLE_PERMISSIONS, PROJECT_ROLE_PERMISSIONS,
 * TOKEN_SCOPE_FOR_PERMISSION), so changing them changes the expectations.
 * Allowed: it succeeds (and a mutation writes). Refused: a 401/403-like
 * refusal, or 404 for a project the caller may not read or someone else's
 * object, and nothing written.
 */
const TECH_LEAD = "Tech Lead";
/** A: the project the objects under test live in (`default`: the actions that do not name a project yet act there). B: another project. */
type ProjectName = "A" | "B";
const PROJECT_KEY: Record<ProjectName, string> = { A: DEFAULT_PROJECT_KEY, B: "beta" };

/** Who calls: an organisation role (null: nobody signed in), project roles, where they hold Tech Lead, an auditor's scope, and for API callers the token's reach and scopes. */
type Profile = {
  appRole: AppRole | null;
  disabled?: boolean;
  projects: Partial<Record<ProjectName, ProjectRole>>;
  holds: ProjectName[];
  /** Present for auditors: null organisation-wide, else the projects they read. */
  auditorScope?: ProjectName[] | null;
  /** API callers only: a project token (acts as a contributor of its project), or a personal token restricted to a project or lacking the route's scope. */
  token?: { kind: "project"; project: ProjectName } | { kind: "personal"; restrictedTo?: ProjectName; wrongScope?: true };
};

const PROFILES = {
  admin: { appRole: "admin", projects: { A: "maintainer" }, holds: ["A"] },
  "maintainer of A": { appRole: "member", projects: { A: "maintainer" }, holds: ["A"] },
  "contributor of A": { appRole: "member", projects: { A: "contributor" }, holds: ["A"] },
  "contributor of A and B holding the role in B": { appRole: "member", projects: { A: "contributor", B: "contributor" }, holds: ["B"] },
  "maintainer of B only": { appRole: "member", projects: { B: "maintainer" }, holds: ["B"] },
  "auditor, organisation-wide": { appRole: "auditor", projects: {}, holds: [], auditorScope: null },
  "auditor scoped to A": { appRole: "auditor", projects: {}, holds: [], auditorScope: ["A"] },
  "auditor scoped to B": { appRole: "auditor", projects: {}, holds: [], auditorScope: ["B"] },
  disabled: { appRole: "member", disabled: true, projects: { A: "contributor" }, holds: ["A"] },
  anonymous: { appRole: null, projects: {}, holds: [] },
} satisfies Record<string, Profile>;
type Person = Exclude<keyof typeof PROFILES, "anonymous">;
const PEOPLE = Object.keys(PROFILES).filter((name) => name !== "anonymous") as Person[];

const TOKEN_CALLERS = {
  "project token of A": { appRole: "member", projects: { A: "contributor" }, holds: [], token: { kind: "project", project: "A" } },
  "project token of B": { appRole: "member", projects: { B: "contributor" }, holds: [], token: { kind: "project", project: "B" } },
  "admin's token restricted to B": { ...PROFILES.admin, token: { kind: "personal", restrictedTo: "B" } },
  "contributor of A's token without the scope": { ...PROFILES["contributor of A"], token: { kind: "personal", wrongScope: true } },
} satisfies Record<string, Profile>;

type Caller = keyof typeof PROFILES | keyof typeof TOKEN_CALLERS;
const SESSION_CALLERS = Object.keys(PROFILES) as Caller[];
const API_CALLERS = [...SESSION_CALLERS, ...(Object.keys(TOKEN_CALLERS) as Caller[])];
const profileOf = (caller: Caller): Profile => (PROFILES as Record<string, Profile>)[caller] ?? (TOKEN_CALLERS as Record<string, Profile>)[caller]!;

type Owner = "own" | "other's";
type Scenario = { caller: Caller; owner?: Owner; signsAs?: "held role" | "other role" };

/** The callers' users (each person's Signer), a bystander holding Tech Lead in A, and each API caller's token (the wrong-scope ones per scope). */
const users = {} as Record<Person, Signer> & { bystander: Signer };
const tokens = {} as Record<Exclude<Caller, "anonymous">, string>;
const wrongScopeTokens = {} as Record<string, string>;
const templates = {} as Record<ProjectName, string>;
let checkpointRoot: string;
const savedEnv = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };

const isProjectPermission = (permission: Permission) => (PROJECT_PERMISSIONS as readonly Permission[]).includes(permission);
const roleGrants = (role: ProjectRole | undefined, permission: Permission) => role !== undefined && (PROJECT_ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);

/**
 * What the tables say the caller may do in `where` (a project, or "any" for an action that names none yet: then
 * a project permission held in at least one project): a disabled user or no session nothing; a token only through
 * its scope, never signing off, and only in its project; the organisation role's permissions (an auditor's only in the
 * projects they read); a member's through their project role there.
 */
function tablePermits(profile: Profile, permission: Permission, where: ProjectName | "any"): boolean {
  if (!profile.appRole || profile.disabled) return false;
  if (profile.token) {
    const scope = TOKEN_SCOPE_FOR_PERMISSION[permission];
    if (!scope || permission === "signoff:sign") return false;
    if (scope !== "any" && profile.token.kind === "personal" && profile.token.wrongScope) return false;
    const reach = profile.token.kind === "project" ? profile.token.project : profile.token.restrictedTo;
    if (reach && where !== "any" && reach !== where) return false;
  }
  const byOrganisationRole = (ROLE_PERMISSIONS[profile.appRole] as readonly Permission[]).includes(permission);
  if (!isProjectPermission(permission)) return byOrganisationRole;
  const auditor = profile.auditorScope !== undefined;
  if (auditor) {
    const scope = profile.auditorScope;
    return byOrganisationRole && (!scope || (where === "any" ? scope.length > 0 : scope.includes(where)));
  }
  if (byOrganisationRole) return true;
  const roles = where === "any" ? Object.values(profile.projects) : [profile.projects[where]];
  return roles.some((role) => roleGrants(role, permission));
}

const rand = () => randomBytes(4).toString("hex");
const freshRelease = async (project: ProjectName = "A") => (await createRelease(testContext(), { templateId: templates[project], version: randomVersion(), environment: "staging" })).id;
const readyRelease = async (project: ProjectName = "A") => {
  const releaseId = await freshRelease(project);
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

/** The bearer token a caller sends to a route needing `permission` (a wrong-scope caller's lacks exactly that route's scope). */
function tokenFor(caller: Exclude<Caller, "anonymous">, permission: Permission): string {
  const profile = profileOf(caller);
  if (profile.token?.kind === "personal" && profile.token.wrongScope) {
    const needed = TOKEN_SCOPE_FOR_PERMISSION[permission];
    return wrongScopeTokens[needed === "releases:read" ? "items:write" : "releases:read"]!;
  }
  return tokens[caller];
}

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function runApi(handler: RouteHandler, caller: Caller, permission: Permission, method: string, url: string, params: Record<string, string>, body?: unknown): Promise<Outcome> {
  const headers = new Headers({ "content-type": "application/json" });
  if (caller !== "anonymous") headers.set("authorization", `Bearer ${tokenFor(caller, permission)}`);
  const response = await handler(new Request(`http://localhost:3000${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { params: Promise.resolve(params) });
  const json = (await response.json()) as { error?: { code: string; message: string } };
  return response.ok ? { ok: true } : { ok: false, refusal: `${response.status} ${json.error?.code}: ${json.error?.message}` };
}

/** One row: its permission, where its object lives, its callers and scenarios, and how to prepare one cell (setup) and then make the call under test. */
type Call = () => Promise<Outcome>;
type Mutation = {
  name: string;
  permission: Permission;
  /** The project the object lives in, or "any": the action names no project yet (it acts in `default`; see the note in the report). */
  project: ProjectName | "any";
  /** An API route: token callers too. */
  api?: true;
  /** A read: allowed calls write nothing either. */
  read?: true;
  /** Signing: allowed only for a holder of the role in the object's project. */
  needsHeldRole?: true;
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

const isPerson = (caller: Caller): caller is Person => (PEOPLE as string[]).includes(caller);
/** Own and someone else's object; "own" only for a person who can have one (e.g. a signature needs the role held in A). */
const ownership = (canOwn: (caller: Person) => boolean) => (caller: Caller): Scenario[] =>
  isPerson(caller) && canOwn(caller) ? [{ caller, owner: "own" }, { caller, owner: "other's" }] : [{ caller, owner: "other's" }];
/** The user whose object it is: the caller's own, or the bystander's. */
const ownerOf = ({ caller, owner }: Scenario): Signer => (owner === "own" && isPerson(caller) ? users[caller] : users.bystander);
const signing = (caller: Caller): Scenario[] => [{ caller, signsAs: "held role" }, { caller, signsAs: "other role" }];

const key = (project: ProjectName) => PROJECT_KEY[project];

const mutations: Mutation[] = [
  ...(["A", "B"] as const).flatMap((project): Mutation[] => [
    {
      name: `createEnvironmentAction (${project})`,
      permission: "environment:manage",
      project,
      prepare: async () => () => runAction(environmentActions.createEnvironmentAction as Action, form({ project: key(project), key: `env-${rand()}`, name: `Env ${rand()}` })),
    },
    {
      name: `updateEnvironmentAction (${project})`,
      permission: "environment:manage",
      project,
      prepare: async () => () => runAction(environmentActions.updateEnvironmentAction as Action, form({ project: key(project), key: "staging", name: `Staging ${rand()}` })),
    },
  ]),
  {
    name: "createUserAction",
    permission: "user:manage",
    project: "any",
    prepare: async () => () =>
      runAction(userActions.createUserAction as Action, form({ email: `new-${rand()}@example.test`, name: `New ${rand()}`, appRole: "member", password: `pw-${rand()}${rand()}` })),
  },
  {
    name: "setUserRolesAction",
    permission: "user:manage",
    project: "any",
    prepare: async () => {
      const target = await createSigner([], `Target ${rand()}`);
      return () => runAction(userActions.setUserRolesAction as Action, form({ userId: target.user.id, appRole: "auditor" }));
    },
  },
  {
    name: "setUserDisabledAction",
    permission: "user:manage",
    project: "any",
    prepare: async () => {
      const target = await createSigner([], `Target ${rand()}`);
      return () => runAction(userActions.setUserDisabledAction as Action, form({ userId: target.user.id, disabled: "true" }));
    },
  },
  {
    name: "resetPasswordAction",
    permission: "user:manage",
    project: "any",
    prepare: async () => {
      const target = await createSigner([], `Reset ${rand()}`);
      return () => runAction(userActions.resetPasswordAction as Action, form({ userId: target.user.id, password: `temporary ${rand()} ${rand()}` }));
    },
  },
  { name: "createSignoffRoleAction", permission: "role:manage", project: "any", prepare: async () => () => runAction(userActions.createSignoffRoleAction as Action, form({ name: `Role ${rand()}` })) },
  { name: "createTokenAction", permission: "token:manage", project: "any", prepare: async () => () => runAction(profileActions.createTokenAction as Action, form({ name: `Token ${rand()}` })) },
  {
    name: "revokeTokenAction",
    permission: "token:manage",
    project: "any",
    scenarios: ownership(() => true),
    prepare: async (scenario) => {
      const holder = ownerOf(scenario);
      const { row } = await whileEnabled(holder, () => createToken(testContext(holder.user.id), holder.user.id, { name: `Revoke me ${rand()}` }));
      return () => runAction(profileActions.revokeTokenAction as Action, form({ tokenId: row.id }));
    },
  },
  ...(["A", "B"] as const).map(
    (project): Mutation => ({
      name: `setItemStateAction (a release of ${project})`,
      permission: "item:update",
      project,
      prepare: async () => {
        const releaseId = await freshRelease(project);
        const itemKey = await firstItem(releaseId);
        return () => runAction(itemActions.setItemStateAction as Action, form({ releaseId, itemKey, expectedVersion: "0", status: "done" }));
      },
    }),
  ),
  {
    name: "updateContactsAction",
    permission: "item:update",
    project: "A",
    prepare: async () => {
      const releaseId = await freshRelease();
      return () => runAction(itemActions.updateContactsAction as Action, form({ releaseId, "role[]": "On-call Engineer", "name[]": `Pat ${rand()}`, "phone[]": "+1 555 0100", "email[]": "" }));
    },
  },
  {
    name: "createReleaseAction",
    permission: "release:create",
    project: "A",
    prepare: async () => () => runAction(releaseActions.createReleaseAction as Action, form({ templateId: templates.A, templateVersion: "", version: randomVersion(), environment: "staging" })),
  },
  {
    name: "finishReleaseAction",
    permission: "release:create",
    project: "A",
    prepare: async () => {
      const releaseId = await freshRelease();
      return () => runAction(signoffActions.finishReleaseAction as Action, form({ releaseId, outcome: "cancelled", reason: "Superseded by a newer build" }));
    },
  },
  ...(["A", "B"] as const).map(
    (project): Mutation => ({
      name: `signOffAction (a release of ${project})`,
      permission: "signoff:sign",
      project,
      needsHeldRole: true,
      scenarios: signing,
      prepare: async ({ caller, signsAs }) => {
        const releaseId = await readyRelease(project);
        const role = signsAs === "held role" ? TECH_LEAD : "QA Lead";
        const { hash } = await currentContentHash(releaseId, role);
        const password = isPerson(caller) ? users[caller].password : "no password";
        return () => runAction(signoffActions.signOffAction as Action, form({ releaseId, role, meaning: "Approve for staging", password, shownHash: hash, confirm: "yes" }));
      },
    }),
  ),
  {
    name: "revokeSignoffAction",
    permission: "signoff:sign",
    project: "A",
    // Only a holder of Tech Lead in A can have signed a release of A.
    scenarios: ownership((caller) => (PROFILES[caller] as Profile).holds.includes("A")),
    prepare: async (scenario) => {
      const releaseId = await readyRelease();
      // Signed through the use case, by the caller or by someone else.
      const signer = ownerOf(scenario);
      const signed = await whileEnabled(signer, () => sign(signer, releaseId, TECH_LEAD));
      return () => runAction(signoffActions.revokeSignoffAction as Action, form({ signoffId: signed.id, reason: "Signed the wrong build" }));
    },
  },
  {
    name: "reopenReleaseAction",
    permission: "release:reopen",
    project: "A",
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
    project: "A",
    prepare: async () => () => runAction(templateActions.importTemplateAction as Action, form({ projectKey: key("A"), markdown: SMALL_CHECKLIST, name: `Imported ${rand()}` })),
  },
  { name: "createProjectAction", permission: "project:create", project: "any", prepare: async () => () => runAction(projectActions.createProjectAction as Action, form({ key: `m-${rand()}`, name: `Matrix ${rand()}` })) },
  ...(["A", "B"] as const).map(
    (project): Mutation => ({
      name: `updateProjectAction (${project})`,
      permission: "project:manage",
      project,
      prepare: async () => () => runAction(projectSettingsActions.updateProjectAction as Action, form({ project: key(project), name: project === "A" ? "Default project" : "Beta", description: `Matrix ${rand()}` })),
    }),
  ),
  {
    name: "addProjectMemberAction",
    permission: "project:manage",
    project: "A",
    prepare: async () => {
      // An admin account: a new member would already be in A (the default project, by the transitional rule of create-user.ts).
      const newcomer = await createTestUser({ appRole: "admin" });
      return () => runAction(projectSettingsActions.addProjectMemberAction as Action, form({ project: key("A"), user: newcomer.email, role: "contributor" }));
    },
  },
  {
    name: "saveTemplateVersionAction",
    permission: "template:manage",
    project: "A",
    prepare: async () => {
      const id = await importMarkdownTemplate(SMALL_CHECKLIST, "Edited", DEFAULT_PROJECT_ID);
      const version = await db.templateVersion.findFirstOrThrow({ where: { templateId: id }, orderBy: { version: "desc" } });
      const document = await loadTemplateDocument(version.id);
      const fields = { templateId: id, baseVersion: String(version.version), document: JSON.stringify({ ...document, title: `Edited ${rand()}` }) };
      return () => runAction(templateActions.saveTemplateVersionAction as Action, form(fields));
    },
  },
  ...(["A", "B"] as const).flatMap((project): Mutation[] => [
    {
      name: `POST /api/v1/projects/[key]/releases (${project})`,
      permission: "release:create",
      project,
      api: true,
      prepare: async ({ caller }) => () =>
        runApi(releasesRoute.POST, caller, "release:create", "POST", `/api/v1/projects/${key(project)}/releases`, { key: key(project) }, { templateId: templates[project], version: randomVersion(), environment: "staging" }),
    },
    {
      name: `PATCH /api/v1/projects/[key]/releases/[id]/items/[itemKey] (${project})`,
      permission: "item:update",
      project,
      api: true,
      prepare: async ({ caller }) => {
        const releaseId = await freshRelease(project);
        const itemKey = await firstItem(releaseId);
        const path = `/api/v1/projects/${key(project)}/releases/${releaseId}/items/${itemKey}`;
        return () => runApi(itemRoute.PATCH, caller, "item:update", "PATCH", path, { key: key(project), id: releaseId, itemKey }, { status: "done", note: "From CI" });
      },
    },
    {
      name: `GET /api/v1/projects/[key]/releases/[id] (${project})`,
      permission: "release:read",
      project,
      api: true,
      read: true,
      prepare: async ({ caller }) => {
        const releaseId = await freshRelease(project);
        return () => runApi(releaseRoute.GET, caller, "release:read", "GET", `/api/v1/projects/${key(project)}/releases/${releaseId}`, { key: key(project), id: releaseId });
      },
    },
    {
      name: `GET /api/v1/projects/[key]/releases (${project})`,
      permission: "release:read",
      project,
      api: true,
      read: true,
      prepare: async ({ caller }) => () => runApi(releasesRoute.GET, caller, "release:read", "GET", `/api/v1/projects/${key(project)}/releases`, { key: key(project) }),
    },
  ]),
];

const context = setupTestDatabase();

beforeAll(async () => {
  checkpointRoot = await mkdtemp(path.join(os.tmpdir(), "countersign-matrix-checkpoints-"));
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(checkpointRoot, "checkpoints");
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(checkpointRoot, "key.pem");
  expect(context.database.name).toMatch(/^cs_test_/);
  await ensureDefaultSignoffRoles();
  const system = systemContext("matrix");
  await createProject(system, { key: PROJECT_KEY.B, name: "Beta" });
  const betaId = (await db.project.findUniqueOrThrow({ where: { key: PROJECT_KEY.B } })).id;
  templates.A = await importMarkdownTemplate(SMALL_CHECKLIST, "Matrix");
  templates.B = await importMarkdownTemplate(SMALL_CHECKLIST, "Matrix B", betaId);
  for (const caller of PEOPLE) {
    const profile: Profile = PROFILES[caller];
    // Created without roles: a member joins `default` (= A) as a contributor on creation (the transitional rule); the profile's memberships are set below.
    const created = await createTestUser({ appRole: profile.appRole!, signoffRoles: [], name: `Matrix ${caller}` });
    if (profile.auditorScope !== undefined) {
      if (profile.auditorScope) await setAuditorProjects(system, { user: created.email, projects: profile.auditorScope.map(key) });
    } else {
      const inDefault = await db.projectMember.findUnique({ where: { projectId_userId: { projectId: DEFAULT_PROJECT_ID, userId: created.id } } });
      for (const project of ["A", "B"] as const) {
        const role = profile.projects[project];
        const joined = project === "A" && inDefault;
        if (role && joined) await setProjectMemberRole(system, { project: key(project), user: created.email, role });
        else if (role) await addProjectMember(system, { project: key(project), user: created.email, role });
        else if (joined) await removeProjectMember(system, { project: key(project), user: created.email });
      }
      for (const project of profile.holds) await addRoleHolder(system, { project: key(project), user: created.email, role: TECH_LEAD });
    }
    tokens[caller] = (await createToken(testContext(created.id), created.id, { name: "matrix" })).token;
    const user = (await loadActiveUser(created.id))!;
    users[caller] = { user, password: created.password, context: signerContext(user) };
  }
  // The profiles, as the app loads them: the setup above made exactly these memberships and holdings.
  for (const caller of PEOPLE) {
    const profile: Profile = PROFILES[caller];
    const loaded = users[caller].user;
    expect(Object.fromEntries(loaded.projects.map((membership) => [membership.key, membership.role])), caller).toEqual(
      Object.fromEntries(Object.entries(profile.projects).map(([project, role]) => [key(project as ProjectName), role])),
    );
    expect(loaded.signoffRoles.map((role) => role.projectId).sort(), caller).toEqual(profile.holds.map((project) => (project === "A" ? DEFAULT_PROJECT_ID : betaId)).sort());
  }
  users.bystander = await createSigner(["tech-lead"], "Matrix bystander");
  tokens["project token of A"] = (await createProjectToken(system, null, { name: "Matrix CI A", project: key("A") })).token;
  tokens["project token of B"] = (await createProjectToken(system, null, { name: "Matrix CI B", project: key("B") })).token;
  tokens["admin's token restricted to B"] = (await createToken(testContext(users.admin.user.id), users.admin.user.id, { name: "matrix B only", project: key("B") })).token;
  for (const scope of TOKEN_SCOPES) {
    wrongScopeTokens[scope] = (await createToken(testContext(users["contributor of A"].user.id), users["contributor of A"].user.id, { name: `only ${scope}`, scopes: [scope] })).token;
  }
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
  if (!isPerson(caller)) return signOutSession();
  // A disabled user's session still carries their id; the app must refuse it.
  const row = await db.user.findUniqueOrThrow({ where: { id: users[caller].user.id }, select: { sessionVersion: true } });
  session.current = { userId: users[caller].user.id, sessionVersion: row.sessionVersion };
}

/** The refusals a caller without the right gets: 401, 403 (no permission, no scope), or "not found" for a project they may not read or someone else's object. */
const REFUSAL = /You do not have permission|Your session has ended|Sign in, or send a valid token|API token is invalid|^40[134] |not found|You do not hold|does not have the scope|never signs off|API tokens cannot do this/i;

const cells = mutations.flatMap((mutation) =>
  (mutation.api ? API_CALLERS : SESSION_CALLERS).flatMap((caller) => (mutation.scenarios?.(caller) ?? [{ caller }]).map((scenario) => ({ mutation, scenario }))),
);

/** The expected outcome of one cell, from the tables: the permission where the object lives, the role held there to sign, and one's own object only. */
function expectedAllowed(mutation: Mutation, scenario: Scenario): boolean {
  const profile = profileOf(scenario.caller);
  const holdsThere = mutation.project !== "any" && profile.holds.includes(mutation.project);
  return (
    tablePermits(profile, mutation.permission, mutation.project) &&
    (!mutation.needsHeldRole || holdsThere) &&
    scenario.owner !== "other's" &&
    scenario.signsAs !== "other role"
  );
}

describe(`authorization matrix: ${mutations.length} rows x ${SESSION_CALLERS.length} callers (+ ${API_CALLERS.length - SESSION_CALLERS.length} token callers on the API) = ${cells.length} cells, from the permission tables`, () => {
  const tally = { allowed: 0, refused: 0 };
  afterAll(() => console.info(`[authorization-matrix] ${cells.length} cells: ${mutations.length} rows x ${SESSION_CALLERS.length}/${API_CALLERS.length} callers (+ own/other's object and held/other sign-off role): ${tally.allowed} allowed, ${tally.refused} refused`));

  it.each(cells.map(({ mutation, scenario }) => [`${mutation.name} by ${scenario.caller}${scenario.owner ? ` on ${scenario.owner} object` : ""}${scenario.signsAs ? ` signing as ${scenario.signsAs}` : ""}`, mutation, scenario] as const))(
    "%s",
    { timeout: 30_000 },
    async (_label, mutation, scenario) => {
      // Someone else's object, or a role the caller does not hold there, is refused whatever the app role.
      const allowed = expectedAllowed(mutation, scenario);
      const call = await mutation.prepare(scenario);
      await becomeCaller(scenario.caller);
      const before = await writeSnapshot();
      const outcome = await call();
      const after = await writeSnapshot();
      tally[outcome.ok ? "allowed" : "refused"] += 1;
      expect(outcome.ok, `${mutation.name} (${mutation.permission}) by ${scenario.caller}: ${outcome.refusal ?? "succeeded"}`).toBe(allowed);
      if (allowed && mutation.read) {
        expect(after).toEqual(before);
      } else if (allowed) {
        // Every mutation commits with an audit event.
        expect(BigInt(after.audit_head!)).toBeGreaterThan(BigInt(before.audit_head!));
      } else {
        expect(outcome.refusal).toMatch(REFUSAL);
        expect(after).toEqual(before);
      }
    },
  );
});
