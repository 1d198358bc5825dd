import { randomBytes, randomUUID } from "node:crypto";
import { Auth, raw, skipCSRFCheck } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfig } from "../../lib/auth/auth-config";
import { createProject } from "../../lib/projects/create-project";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { addRoleHolder } from "../../lib/projects/add-role-holder";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { loadActiveUser } from "../../lib/auth/session-user";
import { addGroupMapping } from "../../lib/sso/add-group-mapping";
import { listGroupMappings } from "../../lib/sso/list-group-mappings";
import { removeGroupMapping } from "../../lib/sso/remove-group-mapping";
import { oidcSessionStillValid } from "../../lib/sso/oidc-sessions";
import { setupTestDatabase } from "../support/database";
import { db } from "../../lib/db/client";
import { appErrorOf } from "../support/errors";
import { readChain } from "../support/audit";
import { createTestUser, testContext } from "../support/users";
import { CookieJar, loginAtProvider, startTestProvider, type TestAccount, type TestProvider } from "../support/oidc-provider";

/**
 * Company sign-in (issue 13, docs/decisions/027) against a real OpenID
 * provider (oidc-provider, tests/support/oidc-provider.ts): Auth.js's own
 * handler with the app's configuration (lib/auth/auth-config.ts), driven as a
 * browser would — start, the provider's login form, the callback — with the
 * database real. Checked: the first sign-in makes the account with its mapped
 * grants; a group removed at the provider removes its grants at the next
 * sign-in (grants given by hand stay); a state, issuer, audience or nonce
 * that does not match is refused; an unreachable provider; a leaver's session
 * ends at its next check.
 */
setupTestDatabase();

const APP = "http://countersign.localhost:3000";
const SECRET = randomBytes(32).toString("base64");
const COOKIE = "authjs.session-token";
let provider: TestProvider;
let project: string;
let other: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  provider = await startTestProvider({ redirectUris: [`${APP}/api/auth/callback/oidc`] });
  project = `mgit-${randomUUID().slice(0, 6)}`;
  other = `billing-${randomUUID().slice(0, 6)}`;
  await createProject(testContext(), { key: project, name: "mgit CLI" });
  await createProject(testContext(), { key: other, name: "Billing" });
  // The session check reads the settings from the environment, as the app does.
  Object.assign(process.env, provider.env());
});
afterAll(async () => {
  for (const name of Object.keys(provider?.env() ?? {})) delete process.env[name];
  await provider?.close();
});

const requestHeaders = new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest-browser" });
function config(env: Record<string, string> = provider.env()) {
  return { ...authConfig(requestHeaders, env), secret: SECRET, basePath: "/api/auth", trustHost: true, skipCSRFCheck, raw } as Parameters<typeof Auth>[1];
}

/** Starts a company sign-in as the sign-in page's button does: the provider's authorization URL, and the browser's cookies (state, PKCE verifier, nonce). */
async function start(env?: Record<string, string>, params: Record<string, string> = {}): Promise<{ authorizationUrl: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const query = new URLSearchParams(params).toString();
  const result = (await Auth(
    new Request(`${APP}/api/auth/signin/oidc${query ? `?${query}` : ""}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ callbackUrl: "/" }) }),
    config(env),
  )) as unknown as { redirect?: string; cookies?: { name: string; value: string }[] };
  for (const cookie of result.cookies ?? []) jar.take(new Response(null, { headers: { "set-cookie": `${cookie.name}=${cookie.value}` } }));
  if (!result.redirect?.startsWith(provider.issuer)) throw new Error(`sign-in did not go to the provider: ${JSON.stringify(result.redirect)}`);
  return { authorizationUrl: result.redirect, jar };
}

/** The provider sent the browser back to the callback: Auth.js (not raw) answers with a redirect and, when signed in, a session cookie. */
async function callback(callbackUrl: string, jar: CookieJar, env?: Record<string, string>) {
  const { raw: _raw, ...plain } = config(env) as Record<string, unknown>;
  const response = await Auth(new Request(callbackUrl, { headers: { cookie: jar.header() } }), plain as Parameters<typeof Auth>[1]);
  jar.take(response);
  const token = jar.get(COOKIE);
  const session = token ? await decode({ token, secret: SECRET, salt: COOKIE }) : null;
  return { location: response.headers.get("location") ?? "", session };
}

async function signInAs(login: string, env?: Record<string, string>) {
  const { authorizationUrl, jar } = await start(env);
  const back = await loginAtProvider(authorizationUrl, login);
  expect(back.startsWith(`${APP}/api/auth/callback/oidc?`)).toBe(true);
  return callback(back, jar, env);
}

function account(groups: string[]): TestAccount {
  const sub = `u-${randomUUID().slice(0, 8)}`;
  const entry = { sub, email: `${sub}@corp.example.test`, name: `Sam ${sub}`, groups };
  provider.accounts.set(sub, entry);
  return entry;
}

async function holdings(userId: string): Promise<string[]> {
  const mine = await projectId(project);
  return (await loadActiveUser(userId))!.signoffRoles.map((role) => `${role.projectId === mine ? project : other}:${role.name}`).sort();
}
const projectId = async (key: string) => (await db.project.findUniqueOrThrow({ where: { key }, select: { id: true } })).id;

describe("company sign-in with a real OpenID provider", () => {
  it("the first sign-in makes the account, with the grants its groups map to, and a session naming it", async () => {
    await addGroupMapping(testContext(), { group: `${project}-sre-leads`, project, signer: "SRE Lead" });
    await addGroupMapping(testContext(), { group: `${project}-maintainers`, project, role: "maintainer" });
    const sam = account([`${project}-sre-leads`, "unmapped-group"]);

    const { location, session } = await signInAs(sam.sub);
    expect(location).toBe(`${APP}/`);
    const user = await db.user.findUniqueOrThrow({ where: { email: sam.email }, select: { id: true, name: true, passwordHash: true, appRole: true } });
    expect(user).toMatchObject({ name: sam.name, passwordHash: null, appRole: "member" });
    expect(session).toMatchObject({ sub: user.id, amr: "oidc", idp: { iss: provider.issuer, sub: sam.sub } });
    expect(await db.userIdentity.findUnique({ where: { issuer_subject: { issuer: provider.issuer, subject: sam.sub } }, select: { userId: true } })).toEqual({ userId: user.id });

    const memberships = await db.projectMember.findMany({ where: { userId: user.id }, select: { role: true, source: true, project: { select: { key: true } } } });
    expect(memberships).toEqual([{ role: "contributor", source: "sso", project: { key: project } }]);
    expect(await holdings(user.id)).toEqual([`${project}:SRE Lead`]);

    const about = (event: { subject: unknown; data: unknown; actor: unknown }) => JSON.stringify([event.subject, event.data, event.actor]);
    const events = (await readChain()).filter((event) => about(event).includes(user.id) || about(event).includes(sam.email));
    expect(events.map((event) => event.type)).toEqual(["sso.account_created", "project.member_added", "project.role_holder_added", "auth.signed_in"]);
    expect(events[1]!.data).toMatchObject({ source: "sso", groups: [`${project}-sre-leads`] });
    expect(events[3]!.actor).toMatchObject({ kind: "user", id: user.id, authentication: { method: "oidc", issuer: provider.issuer, subject: sam.sub } });
    // The session is re-checked with the provider from a row of its own.
    expect(await db.oidcSession.count({ where: { sessionId: String(session!.sid), userId: user.id } })).toBe(1);
  });

  it("a group removed at the provider removes its grants at the next sign-in; a grant given by hand stays", async () => {
    const lee = account([`${project}-sre-leads`, `${project}-maintainers`]);
    await signInAs(lee.sub);
    const user = await db.user.findUniqueOrThrow({ where: { email: lee.email }, select: { id: true } });
    expect(await db.projectMember.findUnique({ where: { projectId_userId: { projectId: await projectId(project), userId: user.id } }, select: { role: true } })).toEqual({ role: "maintainer" });
    // By hand: a membership of another project, with a role there.
    await addProjectMember(testContext(), { project: other, user: lee.email, role: "contributor" });
    await addRoleHolder(testContext(), { project: other, user: lee.email, role: "QA Lead" });

    lee.groups = [`${project}-maintainers`];
    await signInAs(lee.sub);
    expect(await holdings(user.id)).toEqual([`${other}:QA Lead`]);
    expect(await db.projectMember.findUnique({ where: { projectId_userId: { projectId: await projectId(project), userId: user.id } }, select: { role: true, source: true } })).toEqual({ role: "maintainer", source: "sso" });
    const removed = (await readChain()).filter((event) => event.type === "project.role_holder_removed" && JSON.stringify(event.data).includes(lee.email));
    expect(removed.map((event) => event.data)).toEqual([{ user: { email: lee.email, name: lee.name }, role: "SRE Lead", source: "sso", groups: [] }]);

    lee.groups = [];
    await signInAs(lee.sub);
    const left = await db.projectMember.findMany({ where: { userId: user.id }, select: { source: true, project: { select: { key: true } } } });
    expect(left).toEqual([{ source: "manual", project: { key: other } }]);
    expect(await holdings(user.id)).toEqual([`${other}:QA Lead`]);
  });

  it("an organisation role follows its mapping, and goes back to member when the group is gone", async () => {
    await addGroupMapping(testContext(), { group: `${project}-auditors`, orgRole: "auditor" });
    const ada = account([`${project}-auditors`]);
    await signInAs(ada.sub);
    const user = await db.user.findUniqueOrThrow({ where: { email: ada.email }, select: { id: true, appRole: true, appRoleSource: true } });
    expect(user).toMatchObject({ appRole: "auditor", appRoleSource: "sso" });
    ada.groups = [];
    const { session } = await signInAs(ada.sub);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { appRole: true, appRoleSource: true, sessionVersion: true } })).toEqual({
      appRole: "member",
      appRoleSource: "manual",
      sessionVersion: session!.sv,
    });
  });

  it("refuses a callback whose state is not this browser's, and signs nobody in", async () => {
    const eve = account([]);
    const first = await start();
    const second = await start();
    const back = await loginAtProvider(first.authorizationUrl, eve.sub);
    const { location, session } = await callback(back, second.jar);
    expect(session).toBeNull();
    expect(new URL(location).pathname).toBe("/sign-in");
    expect(new URL(location).searchParams.get("error")).toBeTruthy();
    expect(await db.user.count({ where: { email: eve.email } })).toBe(0);
  });

  it.each([
    ["issuer", "iss", "https://evil.example.test"],
    ["audience", "aud", "another-client"],
    ["nonce", "nonce", "not-the-nonce"],
  ] as const)("refuses an ID token with the wrong %s", async (_label, claim, value) => {
    const mallory = account([]);
    provider.tamper = { claim, value };
    try {
      const { location, session } = await signInAs(mallory.sub);
      expect(session).toBeNull();
      expect(new URL(location).pathname).toBe("/sign-in");
      expect(new URL(location).searchParams.get("error")).toBe("Configuration");
    } finally {
      provider.tamper = null;
    }
    expect(await db.user.count({ where: { email: mallory.email } })).toBe(0);
    // The same account signs in once the tokens are honest.
    expect((await signInAs(mallory.sub)).session).not.toBeNull();
  });

  it("refuses a provider whose discovery names another issuer", async () => {
    const impostor = await startTestProvider({ redirectUris: [`${APP}/api/auth/callback/oidc`], host: "localhost" });
    try {
      const env = { ...impostor.env(), COUNTERSIGN_OIDC_ISSUER: impostor.issuer.replace("localhost", "127.0.0.1") };
      await expect(start(env)).rejects.toThrow();
    } finally {
      await impostor.close();
    }
  });

  it("an unreachable provider fails the start of the sign-in (the sign-in page says so), not the app", async () => {
    const env = { ...provider.env(), COUNTERSIGN_OIDC_ISSUER: "http://127.0.0.1:9" };
    await expect(start(env)).rejects.toThrow();
  });

  it("refuses a first sign-in whose email another account has, unless the provider says it is verified", async () => {
    const existing = await createTestUser();
    const claimant = account([]);
    claimant.email = existing.email;
    claimant.emailVerified = false;
    const { location, session } = await signInAs(claimant.sub);
    expect(session).toBeNull();
    expect(location).toContain("/sign-in?error=sso_unverified_email");
    claimant.emailVerified = true;
    const linked = await signInAs(claimant.sub);
    expect(linked.session?.sub).toBe(existing.id);
    expect((await readChain()).some((event) => event.type === "sso.account_linked" && (event.subject as { id: string }).id === existing.id)).toBe(true);
  });

  it("a fresh sign-in for signing asks the provider for prompt=login and max_age=0, and keeps its auth_time with the session", async () => {
    const signer = account([]);
    await signInAs(signer.sub);
    const asked = provider.authorizations.length;
    const { authorizationUrl, jar } = await start(undefined, { prompt: "login", max_age: "0" });
    expect(new URL(authorizationUrl).searchParams.get("prompt")).toBe("login");
    expect(new URL(authorizationUrl).searchParams.get("max_age")).toBe("0");
    const before = Date.now();
    const { session } = await callback(await loginAtProvider(authorizationUrl, signer.sub), jar);
    expect(provider.authorizations.slice(asked)).toContainEqual({ prompt: "login", maxAge: "0" });
    const row = await db.oidcSession.findUniqueOrThrow({ where: { sessionId: String(session!.sid) }, select: { authTime: true } });
    // auth_time has a resolution of seconds.
    expect(row.authTime!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
  });

  it("a leaver's session ends at its next check once the provider refuses it", async () => {
    const leaver = account([]);
    const { session } = await signInAs(leaver.sub);
    const user = (await loadActiveUser(String(session!.sub)))!;
    const sessionId = String(session!.sid);
    expect(await oidcSessionStillValid(sessionId, user)).toBe(true); // checked at sign-in: not again yet
    await db.oidcSession.update({ where: { sessionId }, data: { checkedAt: new Date(Date.now() - 3600_000) } });
    expect(await oidcSessionStillValid(sessionId, user)).toBe(true); // still active at the provider
    leaver.disabled = true;
    await db.oidcSession.update({ where: { sessionId }, data: { checkedAt: new Date(Date.now() - 3600_000) } });
    expect(await oidcSessionStillValid(sessionId, user)).toBe(false);
    expect(await db.endedSession.count({ where: { sessionId } })).toBe(1);
    const ended = (await readChain()).filter((event) => event.type === "auth.session_ended_by_provider");
    expect(ended.at(-1)).toMatchObject({ subject: { id: user.id }, data: { issuer: provider.issuer, subject: leaver.sub } });
  });
});

describe("group mappings", () => {
  it("refuses an unknown project or sign-off role, naming the field, and writes nothing", async () => {
    const before = (await listGroupMappings()).length;
    const noProject = await appErrorOf(addGroupMapping(testContext(), { group: "g", project: "no-such-project", signer: "SRE Lead" }));
    expect(noProject.fieldErrors).toEqual({ project: ["No project with the key no-such-project."] });
    const noRole = await appErrorOf(addGroupMapping(testContext(), { group: "g", project, signer: "Chief Vibes Officer" }));
    expect(noRole.fieldErrors).toEqual({ signer: ["Unknown sign-off role Chief Vibes Officer."] });
    await expect(addGroupMapping(testContext(), { group: "g" })).rejects.toMatchObject({ issues: [{ path: ["project"], message: expect.stringContaining("Name a project") }] });
    await expect(addGroupMapping(testContext(), { group: "g", project, orgRole: "auditor" })).rejects.toMatchObject({ issues: [{ path: ["orgRole"] }] });
    expect((await listGroupMappings()).length).toBe(before);
  });

  it("lists and removes a mapping, audited", async () => {
    const added = await addGroupMapping(testContext(), { group: "to-remove", project, role: "maintainer", signer: "tech-lead" });
    expect(added).toMatchObject({ group: "to-remove", project: { key: project }, projectRole: "maintainer", signoffRole: "Tech Lead", orgRole: null });
    expect((await listGroupMappings()).some((mapping) => mapping.id === added.id)).toBe(true);
    const duplicate = await appErrorOf(addGroupMapping(testContext(), { group: "to-remove", project, role: "maintainer", signer: "Tech Lead" }));
    expect(duplicate.fieldErrors).toMatchObject({ group: [expect.stringContaining("already mapped")] });
    await removeGroupMapping(testContext(), { mappingId: added.id });
    expect((await listGroupMappings()).some((mapping) => mapping.id === added.id)).toBe(false);
    expect((await readChain()).filter((event) => event.type.startsWith("sso.mapping_") && (event.subject as { id: string }).id === "to-remove").map((event) => event.type)).toEqual([
      "sso.mapping_added",
      "sso.mapping_removed",
    ]);
  });
});
