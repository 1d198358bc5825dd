import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { GateAnswer } from "../../lib/gate/gate.schema";
import { createProject } from "../../lib/projects/create-project";
import { DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { createRelease } from "../../lib/releases/create-release";
import { reopenRelease } from "../../lib/signoffs/release-transitions";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { createProjectToken, createToken } from "../../lib/tokens/tokens";
import { type CliResult, runCli } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { type RouteHandler, startRouteServer } from "../support/route-server";
import { completeItems, createSigner, sign, type Signer } from "../support/signoffs";
import { repoRoot } from "../support/templates";
import { createTestUser, testContext } from "../support/users";

/**
 * The deployment gate (issue 12): GET /api/v1/projects/{key}/gate answers
 * allowed only for an approved release with live signatures and met
 * environment gates, and otherwise names what is missing; unknown projects,
 * environments and versions, and tokens of another project, answer 404.
 * `countersign gate check` asks a real HTTP server serving the app's own
 * route handlers: exit 1, then 0 once the last signature arrives on the live
 * stream, and 3 when --wait runs out.
 */
vi.mock("../../lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));
const { GET: gateRoute } = await import("../../app/api/v1/projects/[key]/gate/route");
const { GET: gateEventsRoute } = await import("../../app/api/v1/projects/[key]/gate/events/route");

setupTestDatabase();
const admin = testContext();
let templateId: string;
let techLead: Signer;
let token: string;
let otherProjectToken: string;
let noScopeToken: string;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Gate");
  techLead = await createSigner(["tech-lead"]);
  token = (await createProjectToken(admin, null, { name: "CI", scopes: ["releases:read"], project: DEFAULT_PROJECT_KEY })).token;
  await createProject(admin, { key: "other-gate", name: "Other" });
  otherProjectToken = (await createProjectToken(admin, null, { name: "CI", scopes: ["releases:read"], project: "other-gate" })).token;
  const writer = await createTestUser({ appRole: "admin" });
  noScopeToken = (await createToken(testContext(writer.id), writer.id, { name: "writer", scopes: ["items:write"] })).token;
  server = await startRouteServer([
    { pattern: "/api/v1/projects/[key]/gate", method: "GET", handler: gateRoute as RouteHandler },
    { pattern: "/api/v1/projects/[key]/gate/events", method: "GET", handler: gateEventsRoute as RouteHandler },
  ]);
});

afterAll(async () => {
  await server?.close();
});

const ask = async (query: { version: string; environment: string }, bearer = token, key = DEFAULT_PROJECT_KEY) => {
  const response = await (gateRoute as RouteHandler)(
    new Request(`http://localhost/api/v1/projects/${key}/gate?${new URLSearchParams(query).toString()}`, { headers: { authorization: `Bearer ${bearer}` } }),
    { params: Promise.resolve({ key }) },
  );
  return { status: response.status, body: (await response.json()) as GateAnswer & { error?: { message: string; fields?: Record<string, string[]> } } };
};

async function stagingRelease(): Promise<{ id: string; version: string }> {
  const version = randomVersion();
  const created = await createRelease(admin, { templateId, version, environment: "staging" });
  return { id: created.id, version };
}

describe("GET /api/v1/projects/{key}/gate", () => {
  it("names what is open and unsigned, then allows the approved release with its signatures", async () => {
    const release = await stagingRelease();
    const before = await ask({ version: release.version, environment: "staging" });
    expect(before.status).toBe(200);
    if (before.body.allowed) throw new Error("allowed too early");
    expect(before.body.url).toMatch(new RegExp(`/p/${DEFAULT_PROJECT_KEY}/releases/${release.id}$`));
    expect(before.body.missing.map((entry) => entry.kind)).toEqual(["status", "item", "item", "item", "signoff"]);
    expect(before.body.missing.filter((entry) => entry.kind === "item").map((entry) => entry.message)).toContain(`Required item “Tag the release ${release.version}” is open.`);
    expect(before.body.missing.at(-1)).toMatchObject({ kind: "signoff", role: "Tech Lead", signed: 0, quorum: 1, message: "Tech Lead has not signed (0 of 1 signer)." });

    await completeItems(release.id);
    const ready = await ask({ version: release.version, environment: "staging" });
    expect(ready.body.allowed).toBe(false);
    expect(!ready.body.allowed && ready.body.missing.map((entry) => entry.kind)).toEqual(["status", "signoff"]);

    await sign(techLead, release.id, "Tech Lead");
    const after = await ask({ version: release.version, environment: "staging" });
    expect(after.status).toBe(200);
    if (!after.body.allowed) throw new Error(JSON.stringify(after.body.missing));
    expect(after.body.release).toMatchObject({ id: release.id, version: release.version, status: "approved", environment: { key: "staging" } });
    expect(after.body.signatures).toEqual([expect.objectContaining({ role: "Tech Lead", printedName: techLead.user.name, method: "password", contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    // A leading v is the same version.
    expect((await ask({ version: `v${release.version}`, environment: "staging" })).body.allowed).toBe(true);
  });

  it("production waits for staging, and a stale signature closes the gate again", async () => {
    const release = await stagingRelease();
    await completeItems(release.id);
    await sign(techLead, release.id, "Tech Lead");
    const production = await createRelease(admin, { templateId, version: release.version, environment: "production" });
    await completeItems(production.id);
    const other = await createSigner(["tech-lead"]);
    await sign(other, production.id, "Tech Lead");
    expect((await ask({ version: release.version, environment: "production" })).body.allowed).toBe(true);

    // Staging is reopened: its signature goes stale, and production no longer has staging's approval.
    await reopenRelease(admin, { releaseId: release.id, reason: "found a bug" });
    const staging = await ask({ version: release.version, environment: "staging" });
    expect(!staging.body.allowed && staging.body.missing.find((entry) => entry.kind === "signoff")).toMatchObject({
      role: "Tech Lead",
      stale: [{ printedName: techLead.user.name, reason: expect.stringContaining("found a bug") }],
      message: expect.stringMatching(/^Tech Lead: the signature of .+ went stale .+ signed again \(0 of 1 signer\)\.$/),
    });
    const gated = await ask({ version: release.version, environment: "production" });
    expect(gated.body.allowed).toBe(false);
    expect(!gated.body.allowed && gated.body.missing).toEqual([
      expect.objectContaining({ kind: "gate", environment: { key: "staging", name: "Staging" }, release: { id: release.id, status: "awaiting_signoff" }, message: expect.stringContaining("needs") }),
    ]);
  });

  it("answers 404 with the reason for an unknown project, environment or version, and for another project's token; 400 and 403 for bad questions", async () => {
    const release = await stagingRelease();
    const version = await ask({ version: "99.99.99", environment: "staging" });
    expect(version).toMatchObject({ status: 404, body: { error: { message: `${DEFAULT_PROJECT_KEY} has no staging release 99.99.99.`, fields: { version: [expect.any(String)] } } } });
    const environment = await ask({ version: release.version, environment: "moon" });
    expect(environment).toMatchObject({ status: 404, body: { error: { message: `${DEFAULT_PROJECT_KEY} has no environment "moon".` } } });
    expect((await ask({ version: release.version, environment: "staging" }, token, "no-such-project")).status).toBe(404);
    // A project token of another project: as if the project did not exist.
    expect((await ask({ version: release.version, environment: "staging" }, otherProjectToken)).status).toBe(404);
    expect((await ask({ version: release.version, environment: "staging" }, noScopeToken)).status).toBe(403);
    const bad = await ask({ version: "five", environment: "staging" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(["version"]);
  });
});

/** `countersign gate check` as a CI job runs it: COUNTERSIGN_URL and COUNTERSIGN_TOKEN in its environment. */
const gateEnv = () => ({ COUNTERSIGN_URL: server.url, COUNTERSIGN_TOKEN: token });

function startCli(args: string[]): { result: Promise<CliResult>; stderr: () => string } {
  const child = spawn(process.execPath, ["bin/countersign.mjs", ...args], { cwd: repoRoot, env: { ...process.env, ...gateEnv() }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { result: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))), stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("countersign gate check", () => {
  it("exits 1 naming what is missing, then 0 when the last signature arrives while it waits on the stream, and 3 when --wait runs out", { timeout: 90_000 }, async () => {
    const release = await stagingRelease();
    await completeItems(release.id);
    const args = ["gate", "check", "--project", DEFAULT_PROJECT_KEY, "--version", release.version, "--env", "staging"];

    const refused = await runCli(args, gateEnv());
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toContain(`Not allowed: ${DEFAULT_PROJECT_KEY} ${release.version} to Staging. Missing:`);
    expect(refused.stdout).toContain("  - Tech Lead has not signed (0 of 1 signer).");

    const waiting = startCli([...args, "--wait", "60s", "--json"]);
    // Connected, and told on the stream that it is not allowed yet, before the signature is given.
    await until(() => waiting.stderr().includes("Waiting (up to 60s)"), 30_000);
    const started = Date.now();
    await sign(techLead, release.id, "Tech Lead");
    const allowed = await waiting.result;
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ allowed: true, release: { id: release.id, status: "approved" }, signatures: [{ role: "Tech Lead" }] });

    const other = await stagingRelease();
    const waitedOut = await runCli(["gate", "check", "--project", DEFAULT_PROJECT_KEY, "--version", other.version, "--env", "staging", "--wait", "2s"], gateEnv());
    expect(waitedOut.code, waitedOut.stderr).toBe(3);
    expect(waitedOut.stdout).toContain("Gave up waiting after 2s.");
    expect(waitedOut.stdout).toContain("Tech Lead has not signed");
  });

  it("exits 2 with one line when it cannot ask: no server setting, an unknown version", async () => {
    const noUrl = await runCli(["gate", "check", "--project", DEFAULT_PROJECT_KEY, "--version", "1.0.0", "--env", "staging"], { COUNTERSIGN_URL: "", COUNTERSIGN_TOKEN: token });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr.trim()).toMatch(/^error: COUNTERSIGN_URL is not set/);
    const unknown = await runCli(["gate", "check", "--project", DEFAULT_PROJECT_KEY, "--version", "98.0.0", "--env", "staging"], gateEnv());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`error: ${DEFAULT_PROJECT_KEY} has no staging release 98.0.0. (version: No release of this version in this environment.) [HTTP 404]`);
  });
});

