import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The JavaScript a browser downloads to show a page the first time, from the
 * production build's own manifests: Next's root main files plus every chunk
 * the page's client-reference manifest lists for its segments (layouts,
 * error and not-found boundaries, the page), each counted once, gzipped at
 * level 9. Turbopack builds no longer print the "First Load JS" column, so
 * this reads what that column summed.
 */
export function firstLoadJs(root: string, page: string): { gzipBytes: number; rawBytes: number; files: number } {
  const dotNext = path.join(root, ".next");
  const build = JSON.parse(readFileSync(path.join(dotNext, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const manifestFile = path.join(dotNext, "server", "app", `${page}_client-reference-manifest.js`);
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  new Function("globalThis", readFileSync(manifestFile, "utf8"))(sandbox);
  const entries = sandbox.__RSC_MANIFEST?.[page]?.entryJSFiles ?? {};
  const files = new Set([...build.rootMainFiles, ...Object.values(entries).flat()]);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of files) {
    const content = readFileSync(path.join(dotNext, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { gzipBytes, rawBytes, files: files.size };
}
