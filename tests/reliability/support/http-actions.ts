import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Calling server actions over HTTP as React's client does (a multipart body:
 * the last part, "0", is the argument list, in which `$K1` is the FormData
 * made of the parts prefixed "_1_"), against the production build's action ids.
 */

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The id of the exported action `name` of `file` (e.g. "app/sign-in/actions.ts") in the build under test. */
export function actionId(file: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in ${file} in .next; rebuild`);
  return found[0];
}

export function actionBody(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(`_1_${key}`, value);
  // The root last, as React sends it: the server decodes the parts as they stream in.
  form.set("0", JSON.stringify([{ status: "idle" }, "$K1"]));
  return form;
}

export type ActionCall = { url: string; page: string; id: string; fields: Record<string, string>; headers?: Record<string, string | null>; cookie?: string; body?: BodyInit };

/** POSTs the action; `headers` override the same-origin defaults (`null` removes one). */
export async function callAction(call: ActionCall): Promise<Response> {
  const origin = new URL(call.url).origin;
  const headers = new Headers({ accept: "text/x-component", "next-action": call.id, origin });
  if (call.cookie) headers.set("cookie", call.cookie);
  for (const [key, value] of Object.entries(call.headers ?? {})) {
    if (value === null) headers.delete(key);
    else headers.set(key, value);
  }
  return fetch(`${call.url}${call.page}`, { method: "POST", headers, body: call.body ?? actionBody(call.fields), redirect: "manual" });
}

/** Signs in through the sign-in page's action and returns the session cookie. */
export async function signInOverHttp(url: string, email: string, password: string): Promise<string> {
  const response = await callAction({ url, page: "/sign-in", id: actionId("app/sign-in/actions.ts", "signInAction"), fields: { email, password, callbackUrl: "/" } });
  const cookie = response.headers.getSetCookie().find((line) => /authjs\.session-token=/.test(line));
  if (!cookie) throw new Error(`sign-in over HTTP gave no session cookie (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`);
  return cookie.split(";")[0]!;
}
