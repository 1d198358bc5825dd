import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "./fixtures";

/**
 * What a CI pipeline does before people sign, shared by the specs that need
 * a release ready for sign-off: a personal API token made on the Profile
 * page, then, through the public API, a staging release created and every
 * required item marked done.
 */

/** Creates a personal API token on the Profile page and reads it from the dialog that shows it once. */
export async function createProfileToken(page: Page, name = `Pipeline ${randomUUID().slice(0, 8)}`): Promise<string> {
  await page.goto("/profile");
  await page.getByRole("button", { name: "Create token" }).click();
  const form = page.getByRole("dialog", { name: "Create API token" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  const created = page.getByRole("dialog", { name: "API token created" });
  const token = await created.getByLabel("New API token").inputValue();
  await created.getByRole("button", { name: "I have stored it" }).click();
  return token;
}

export type ReadyRelease = { releaseId: string; path: string; required: { key: string; title: string }[] };

/**
 * Creates a staging release of `project` from the template named `template`
 * (else the project's first) with `token`, and marks every required item done,
 * a few requests at a time. The release then awaits sign-off.
 */
export async function readyStagingRelease(request: APIRequestContext, token: string, options: { project: string; version: string; template?: string }): Promise<ReadyRelease> {
  const headers = { Authorization: `Bearer ${token}` };
  const base = `/api/v1/projects/${options.project}`;
  const { templates } = (await (await request.get(`${base}/templates`, { headers })).json()) as { templates: { id: string; name: string }[] };
  const templateId = options.template ? templates.find((template) => template.name === options.template)?.id : templates[0]?.id;
  expect(templateId, `the template "${options.template ?? "first"}" of ${options.project}`).toBeDefined();
  const created = await request.post(`${base}/releases`, { headers, data: { templateId, version: options.version, environment: "staging" } });
  expect(created.status(), await created.text()).toBe(201);
  const releaseId = ((await created.json()) as { id: string }).id;
  const { items } = (await (await request.get(`${base}/releases/${releaseId}/items`, { headers })).json()) as { items: { key: string; title: string; required: boolean }[] };
  const required = items.filter((item) => item.required);
  for (let index = 0; index < required.length; index += 4) {
    const batch = required.slice(index, index + 4);
    const responses = await Promise.all(batch.map((item) => request.patch(`${base}/releases/${releaseId}/items/${item.key}`, { headers, data: { status: "done" } })));
    for (const response of responses) expect(response.status(), await response.text()).toBe(200);
  }
  // Requests of a batch commit in any order: read the release once they are all done.
  const release = (await (await request.get(`${base}/releases/${releaseId}`, { headers })).json()) as { status: string };
  expect(release.status).toBe("awaiting_signoff");
  return { releaseId, path: `/p/${options.project}/releases/${releaseId}`, required: required.map(({ key, title }) => ({ key, title })) };
}
