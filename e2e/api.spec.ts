import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { accountButton, DEMO, DEMO_PROJECT, expect, test, toasts } from "./support/fixtures";

/**
 * The JSON API as a CI pipeline uses it: a member creates a token on their
 * profile, then the pipeline finds its project and template, creates a
 * staging release, finds an item by its title and marks it done with an
 * evidence link. Bad input answers 4xx naming the field; no token, a revoked
 * token and the read-only auditor are refused; the paths from before projects
 * answer 410 naming the new path.
 */

const TEMPLATE = "mgit Production Deployment Checklist";
const DOCKER = "Docker image builds successfully";
const EVIDENCE = "https://ci.example.test/build/1";

const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;

/** Creates a token through the Profile page's dialog and reads it from the dialog, where it is shown once. */
async function createTokenInUI(page: Page, name: string): Promise<string> {
  await page.goto("/profile");
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).click();
  const form = page.getByRole("dialog", { name: "Create API token" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  const created = page.getByRole("dialog", { name: "API token created" });
  await expect(created).toBeVisible();
  await expect(created.getByText("This is the only time the token is shown")).toBeVisible();
  const token = await created.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
  await created.getByRole("button", { name: "I have stored it" }).click();
  await expect(created).toBeHidden();
  const row = page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`${token.slice(0, 10)}…`);
  await expect(row).toContainText("Active");
  // The token is not shown again.
  await expect(page.getByText(token)).toHaveCount(0);
  return token;
}

/** The error body every failure has; returns its field errors. */
async function expectError(response: APIResponse, status: number, field?: string): Promise<Record<string, string[]>> {
  expect(response.status(), await response.text()).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  expect(body.error.message).toBeTruthy();
  if (field) expect(Object.keys(body.error.fields ?? {})).toContain(field);
  return body.error.fields ?? {};
}

const api = (request: APIRequestContext, token: string) => {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    get: (url: string) => request.get(url, { headers }),
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
    patch: (url: string, data: unknown) => request.patch(url, { headers, data }),
  };
};

/** The project (of those the caller may read) that holds the seeded template, and the template's id: as a pipeline finds them. */
async function seededTemplate(get: (url: string) => Promise<APIResponse>): Promise<{ base: string; templateId: string }> {
  const listed = await get("/api/v1/projects");
  expect(listed.status(), await listed.text()).toBe(200);
  const { projects } = (await listed.json()) as { projects: { key: string }[] };
  for (const project of projects) {
    const response = await get(`/api/v1/projects/${project.key}/templates`);
    expect(response.status()).toBe(200);
    const { templates } = (await response.json()) as { templates: { id: string; name: string }[] };
    const template = templates.find((entry) => entry.name === TEMPLATE);
    if (template) return { base: `/api/v1/projects/${project.key}`, templateId: template.id };
  }
  throw new Error(`the seeded template "${TEMPLATE}" is in none of the caller's projects`);
}

test.describe("API v1 with a member's token", () => {
  test("a pipeline creates a staging release and marks an item done with evidence", async ({ page, request, signInAs }) => {
    test.slow(); // one long story: UI token, a dozen API calls, UI revoke
    await signInAs("member");
    const tokenName = `CI ${randomUUID().slice(0, 8)}`;
    const token = await createTokenInUI(page, tokenName);
    const client = api(request, token);

    const me = await client.get("/api/v1/me");
    expect(await me.json()).toMatchObject({ email: DEMO.member, appRole: "member" });

    const { base, templateId } = await seededTemplate(client.get);
    const project = (await (await client.get(base)).json()) as { key: string; role: string | null };
    expect(`/api/v1/projects/${project.key}`).toBe(base);
    expect(project.role).toMatch(/^(maintainer|contributor)$/);
    const version = randomVersion();
    const created = await client.post(`${base}/releases`, { templateId, version, environment: "staging" });
    expect(created.status(), await created.text()).toBe(201);
    const release = (await created.json()) as { id: string; version: string; environment: string; items: number };
    expect(release).toMatchObject({ version, environment: "staging" });
    expect(release.items).toBeGreaterThan(10);
    expect(created.headers()["location"]).toBe(`${base}/releases/${release.id}`);

    const listed = await client.get(`${base}/releases?environment=staging&version=${version}`);
    expect(listed.status()).toBe(200);
    const list = (await listed.json()) as { releases: { id: string; version: string; status: string; environment: { key: string } }[]; total: number };
    expect(list.releases.map((row) => row.id)).toContain(release.id);
    expect(list.releases.find((row) => row.id === release.id)).toMatchObject({ version, status: "draft", environment: { key: "staging" } });

    const all = await client.get(`${base}/releases/${release.id}/items`);
    const { items } = (await all.json()) as { items: { key: string; title: string; section: string; subsection: string; required: boolean }[] };
    expect(items).toHaveLength(release.items);
    expect(items.find((item) => item.title === DOCKER)).toMatchObject({ section: "Pre-deployment Validation", required: true });

    const found = await client.get(`${base}/releases/${release.id}/items?title=${encodeURIComponent(DOCKER)}`);
    const byTitle = (await found.json()) as { items: { key: string; title: string; state: { status: string; version: number } }[] };
    expect(byTitle.items).toHaveLength(1);
    const docker = byTitle.items[0]!;
    expect(docker).toMatchObject({ title: DOCKER, state: { status: "open", version: 0 } });

    // No expectedVersion: the current version is used (last writer wins).
    const patched = await client.patch(`${base}/releases/${release.id}/items/${docker.key}`, { status: "done", evidenceLinks: [EVIDENCE] });
    expect(patched.status(), await patched.text()).toBe(200);
    expect(await patched.json()).toMatchObject({
      item: { itemKey: docker.key, status: "done", evidenceLinks: [EVIDENCE], version: 1, updatedByName: "Max Member" },
      release: { status: "in_progress", itemsDone: 1 },
    });

    const read = await client.get(`${base}/releases/${release.id}`);
    const detail = (await read.json()) as {
      status: string;
      progress: { itemsDone: number };
      sections: { subsections: { items: { key: string; state: { status: string; evidenceLinks: string[] } }[] }[] }[];
    };
    const item = detail.sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items)).find((entry) => entry.key === docker.key);
    expect(item?.state).toMatchObject({ status: "done", evidenceLinks: [EVIDENCE] });
    expect(detail).toMatchObject({ status: "in_progress", progress: { itemsDone: 1 } });
    const one = await client.get(`${base}/releases/${release.id}/items/${docker.key}`);
    expect(await one.json()).toMatchObject({ key: docker.key, title: DOCKER, state: { status: "done", version: 1 } });

    // A stale expectedVersion is refused with the current state.
    const stale = await client.patch(`${base}/releases/${release.id}/items/${docker.key}`, { status: "open", expectedVersion: 0 });
    await expectError(stale, 409);
    expect(((await stale.json()) as { error: { details: { current: { version: number } } } }).error.details.current.version).toBe(1);

    // Bad input: 4xx naming the field, nothing written.
    const itemUrl = `${base}/releases/${release.id}/items/${docker.key}`;
    await expectError(await client.patch(itemUrl, { status: "finished" }), 400, "status");
    await expectError(await client.patch(itemUrl, { status: "na" }), 400, "reason");
    await expectError(await client.patch(itemUrl, { status: "done", evidenceLinks: ["javascript:alert(1)"] }), 400, "evidenceLinks.0");
    await expectError(await client.patch(itemUrl, { status: "done", evidenceLinks: [EVIDENCE, "data:text/html,hi"] }), 400, "evidenceLinks.1");
    await expectError(await client.patch(itemUrl, { status: "done", evidenceLinks: Array.from({ length: 11 }, (_, index) => `${EVIDENCE}?${index}`) }), 400, "evidenceLinks");
    await expectError(await client.patch(itemUrl, { status: "done", note: "x".repeat(10_001) }), 400, "note");
    expect(JSON.stringify(await expectError(await client.patch(itemUrl, { status: "done", evidenceLink: EVIDENCE }), 400))).toContain("evidenceLink");
    await expectError(await client.patch(`${base}/releases/${release.id}/items/no-such-item`, { status: "done" }), 404, "itemKey");
    await expectError(await client.patch(`${base}/releases/${randomUUID()}/items/${docker.key}`, { status: "done" }), 404);
    await expectError(await client.get(`${base}/releases/${randomUUID()}`), 404);
    await expectError(await client.get(`${base}/releases/not-a-release`), 404);
    await expectError(await client.get(`${base}/releases/not-a-release/items`), 404);
    await expectError(await client.get(`${base}/releases?status=shipped`), 400, "status");
    await expectError(await client.get(`${base}/releases?pageSize=1000`), 400, "pageSize");
    await expectError(await client.post(`${base}/releases`, { templateId, version: "banana", environment: "staging" }), 400, "version");
    await expectError(await client.post(`${base}/releases`, { templateId: randomUUID(), version: randomVersion(), environment: "staging" }), 400, "templateId");
    await expectError(await client.post(`${base}/releases`, { templateId, version: randomVersion(), environment: "moon" }), 400, "environment");
    await expectError(await client.post(`${base}/releases`, { templateId, version, environment: "staging" }), 409, "version");
    // A project that does not exist, or a key that is not one: not found.
    await expectError(await client.get("/api/v1/projects/no-such-project/releases"), 404);
    await expectError(await client.get(`/api/v1/projects/no-such-project/releases/${release.id}`), 404);
    await expectError(await client.get("/api/v1/projects/Not_A_Key"), 404);
    const notJson = await request.patch(itemUrl, { headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, data: "{not json" });
    await expectError(notJson, 400);
    const huge = await request.patch(itemUrl, {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      data: JSON.stringify({ status: "done", note: "x".repeat(70_000) }),
    });
    await expectError(huge, 413);

    const after = await client.get(`${base}/releases/${release.id}/items/${docker.key}`);
    expect(await after.json()).toMatchObject({ state: { status: "done", evidenceLinks: [EVIDENCE], version: 1, note: null } });

    // Revoke on the Profile page: the token stops working at once.
    await page.goto("/profile");
    const row = page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ hasText: tokenName });
    await row.getByRole("button", { name: `Revoke ${tokenName}` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke ${tokenName}?` });
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await expect(toasts(page).getByText(`Revoked the token ${tokenName}.`)).toBeVisible();
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: `Revoke ${tokenName}` })).toHaveCount(0);
    await expectError(await client.get("/api/v1/me"), 401);
    await expectError(await client.get(`${base}/releases/${release.id}`), 401);
  });

  test("the token dialog names a missing token name", async ({ page, signInAs }) => {
    await signInAs("member");
    await page.goto("/profile");
    await page.getByRole("button", { name: "Create token" }).click();
    const form = page.getByRole("dialog", { name: "Create API token" });
    await form.getByRole("button", { name: "Create token" }).click();
    await expect(form.getByRole("alert")).toHaveText("Name the token, e.g. “CI pipeline”.");
    await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("API v1 without access", () => {
  test("no token, a malformed token and an unknown token answer 401 JSON", async ({ request, baseURL }) => {
    await expectError(await request.get(`/api/v1/projects/${DEMO_PROJECT}/releases`), 401);
    await expectError(await request.get("/api/v1/me"), 401);
    await expectError(await request.get("/api/v1/projects"), 401);
    await expectError(await request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`), 401);
    await expectError(await request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${randomUUID()}/items/docker`, { headers: { origin: baseURL! }, data: { status: "done" } }), 401);
    await expectError(await request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { origin: baseURL! }, data: {} }), 401);
    await expectError(await request.get(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { Authorization: "Bearer nope" } }), 401);
    await expectError(await request.get(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { Authorization: `Bearer cs_${"A".repeat(43)}` } }), 401);
    await expectError(await request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { Authorization: "Basic Zm9vOmJhcg==" }, data: {} }), 401);
  });

  test("the paths from before projects answer 410 Gone naming the new path", async ({ request, baseURL }) => {
    const moved: [string, () => Promise<APIResponse>, string][] = [
      ["GET /api/v1/releases", () => request.get("/api/v1/releases"), "/api/v1/projects/{key}/releases"],
      ["POST /api/v1/releases", () => request.post("/api/v1/releases", { headers: { origin: baseURL! }, data: {} }), "/api/v1/projects/{key}/releases"],
      ["GET /api/v1/releases/{id}", () => request.get(`/api/v1/releases/${randomUUID()}`), "/api/v1/projects/{key}/releases/{id}"],
      ["GET /api/v1/releases/{id}/items", () => request.get(`/api/v1/releases/${randomUUID()}/items`), "/api/v1/projects/{key}/releases/{id}/items"],
      ["PATCH /api/v1/releases/{id}/items/{itemKey}", () => request.patch(`/api/v1/releases/${randomUUID()}/items/docker`, { headers: { origin: baseURL! }, data: {} }), "/api/v1/projects/{key}/releases/{id}/items/{itemKey}"],
      ["GET /api/v1/templates", () => request.get("/api/v1/templates"), "/api/v1/projects/{key}/templates"],
    ];
    for (const [label, call, movedTo] of moved) {
      const response = await call();
      expect(response.status(), label).toBe(410);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, label).toBe("GONE");
      expect(body.error.message, label).toContain(`Moved to ${movedTo}`);
    }
  });

  test("the auditor has no token controls and may read but not change through the API", async ({ page, signInAs }) => {
    await signInAs("auditor");
    await accountButton(page).click();
    await page.getByRole("menu").getByRole("menuitem", { name: "Profile and API tokens" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
    await expect(page.getByText(DEMO.auditor).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "API tokens" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
    // Signing out, and their own password and passkeys, are the only things an auditor can do here (the project switcher only navigates).
    await expect(page.getByRole("button")).toHaveText([/^Project(s|: )/, /^Account: /, "Change password", "Add a passkey"]);

    // The auditor's browser session reads, and is refused any change (same-origin, so the permission decides).
    const sameOrigin = { origin: new URL(page.url()).origin };
    const { base, templateId } = await seededTemplate((url) => page.request.get(url));
    const listed = await page.request.get(`${base}/releases`);
    expect(listed.status()).toBe(200);
    const create = await page.request.post(`${base}/releases`, {
      headers: sameOrigin,
      data: { templateId, version: randomVersion(), environment: "staging" },
    });
    await expectError(create, 403);
    await expectError(await page.request.patch(`${base}/releases/${randomUUID()}/items/docker`, { headers: sameOrigin, data: { status: "done" } }), 403);
  });
});

test("GET /api/v1/openapi.json is a public OpenAPI 3.1 document listing every route", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const document = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { securitySchemes: Record<string, { type: string; scheme?: string }>; schemas: Record<string, unknown> };
  };
  expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining([
      "/me",
      "/projects",
      "/projects/{key}",
      "/projects/{key}/templates",
      "/projects/{key}/releases",
      "/projects/{key}/releases/{id}",
      "/projects/{key}/releases/{id}/items",
      "/projects/{key}/releases/{id}/items/{itemKey}",
      "/audit/verify",
      "/audit/public-key",
      "/openapi.json",
    ]),
  );
  expect(Object.keys(document.paths["/projects/{key}/releases"]!)).toEqual(expect.arrayContaining(["get", "post"]));
  expect(Object.keys(document.paths["/projects/{key}/releases/{id}/items/{itemKey}"]!)).toEqual(expect.arrayContaining(["get", "patch"]));
  // The paths from before projects stay in the document, deprecated, answering 410.
  expect(document.paths["/releases"]).toMatchObject({ get: { deprecated: true, responses: { "410": expect.anything() } } });
  expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  expect(document.components.schemas).toHaveProperty("Error");
  expect(JSON.stringify(document)).toContain("last writer wins");
});

test("GET /api/v1/audit/public-key is public: the checkpoint key and the fingerprint openssl gives for it", async ({ request }) => {
  const response = await request.get("/api/v1/audit/public-key");
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { algorithm: string; publicKeyPem: string; fingerprint: string; firstFingerprint: string; rotations: unknown[] };
  expect(body.algorithm).toBe("Ed25519");
  expect(body.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
  const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: body.publicKeyPem });
  expect(body.fingerprint).toBe(execFileSync("sha256sum", { input: der, encoding: "utf8" }).split(" ")[0]);
  expect(Array.isArray(body.rotations)).toBe(true);
  expect(body.firstFingerprint).toMatch(/^[0-9a-f]{64}$/);
});
