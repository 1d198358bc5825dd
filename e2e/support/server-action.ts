import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIResponse, Page } from "@playwright/test";

/**
 * A crafted server-action request, as React's client sends one (a multipart
 * body whose part "0" is the argument list; `$K1` is the FormData made of the
 * parts prefixed "_1_"), with the page's own cookies and Origin: what a user
 * could send by hand, bypassing every control the page shows or hides.
 */

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The id of the exported action `name` of `file` in the build under test (.next). */
export function actionId(file: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in ${file} in .next; rebuild`);
  return found[0];
}

export async function postAction(page: Page, pagePath: string, id: string, fields: Record<string, string>): Promise<APIResponse> {
  const origin = new URL(page.url()).origin;
  const multipart = new FormData();
  for (const [key, value] of Object.entries(fields)) multipart.set(`_1_${key}`, value);
  // The root last, as React sends it: the server decodes the parts as they stream in.
  multipart.set("0", JSON.stringify([{ status: "idle" }, "$K1"]));
  return page.request.post(pagePath, { headers: { accept: "text/x-component", "next-action": id, origin }, multipart, maxRedirects: 0 });
}
