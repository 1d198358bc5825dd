import { DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encode } from "@auth/core/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { freePort } from "../../lib/db/embedded";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { type AppInstance, randomAuthSecret, startAppInstance } from "../support/app-server";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Every page and route handler of the production server, found on disk
 * (app/**\/page.tsx and route.ts, so a new one is covered without editing
 * this file), called over HTTP signed in as an admin with malformed ids in
 * each dynamic segment and out-of-range numbers in the query and body.
 * Properties: no answer is a 500 (the shared parser, lib/http/parse-id.ts,
 * turns them into 404/400), and every answer that is not a build asset
 * says Cache-Control: no-store.
 */
const APP_DIR = path.join(process.cwd(), "app");
const COOKIE = "authjs.session-token";

/** 36 characters the old check let through to PostgreSQL, and other ids no route may choke on. */
const MALFORMED_IDS = [
  "-".repeat(36),
  "a".repeat(36),
  "0123456789abcdef0123456789abcdef----",
  "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
  "00000000-0000-4000-8000-000000000000",
  "99999999999999999999",
  "-1",
  "0",
  "1e400",
  "x".repeat(400),
  "%00",
  "%25",
  "..%2F..%2Fetc%2Fpasswd",
  "%27%20OR%201%3D1%20--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "%E2%80%AE",
];
/** Numbers no query may turn into a 500. */
const OUT_OF_RANGE_QUERY =
  "version=99999999999999999999&page=99999999999&pageSize=-1&limit=1e400&before=99999999999999999999999&asOf=99999999999&from=%2B275760-09-13&to=-100000-01-01&show=all&templateVersion=99999999999";
const OUT_OF_RANGE_BODY = {
  templateId: "-".repeat(36),
  templateVersion: 99_999_999_999,
  version: "1.2.3",
  environment: "staging",
  status: "done",
  expectedVersion: 1e20,
  assigneeId: "a".repeat(36),
  baseVersion: 99_999_999_999,
};

type Route = { file: string; kind: "page" | "route"; segments: string[]; methods: string[] };

/** Every page and route handler under app/, as URL segments ("[id]" kept), with the methods it answers. */
function discoverRoutes(dir = APP_DIR, segments: string[] = []): Route[] {
  const found: Route[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith("_")) continue; // private folders (app/api/v1/_lib)
      const grouped = /^\(.*\)$/.test(entry.name);
      found.push(...discoverRoutes(full, grouped ? segments : [...segments, entry.name]));
    } else if (entry.name === "page.tsx") {
      found.push({ file: path.relative(process.cwd(), full), kind: "page", segments, methods: ["GET"] });
    } else if (entry.name === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) => new RegExp(`export (const|async function|function) ${method}\\b|export const \\{[^}]*\\b${method}\\b`).test(source));
      found.push({ file: path.relative(process.cwd(), full), kind: "route", segments, methods });
    }
  }
  return found;
}

const isDynamic = (segment: string) => /^\[.*\]$/.test(segment);

const context = setupTestDatabase();
let app: AppInstance;
let cookie: string;
let realIds: Record<string, string>;
const routes = discoverRoutes();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  const admin = await createTestUser({ appRole: "admin" });
  const templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "RouteFuzz");
  const releaseId = (await createRelease(testContext(admin.id), { templateId, version: randomVersion(), environment: "staging" })).id;
  const itemKey = (await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } })).itemKey;
  realIds = { id: releaseId, itemKey, key: DEFAULT_PROJECT_KEY };
  const authSecret = randomAuthSecret();
  app = await startAppInstance({ port: await freePort(), databaseUrl: context.database.appUrl, authSecret });
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { sessionVersion: true } });
  const token = await encode({
    token: { sub: admin.id, sv: sessionVersion, authTime: Math.floor(Date.now() / 1000), sid: randomUUID() },
    secret: authSecret,
    salt: COOKIE,
    maxAge: 3600,
  });
  cookie = `${COOKIE}=${token}`;
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

/** The URLs to try for a route: each dynamic segment malformed in turn, the others real. */
function urlsOf(route: Route): string[] {
  const dynamic = route.segments.map((segment, index) => (isDynamic(segment) ? index : -1)).filter((index) => index >= 0);
  const real = (segment: string) => realIds[segment.replace(/^\[\.*|\]$/g, "")] ?? "x";
  const urls: string[] = [];
  if (dynamic.length === 0) urls.push(`/${route.segments.join("/")}`);
  for (const index of dynamic) {
    for (const bad of MALFORMED_IDS) {
      urls.push(`/${route.segments.map((segment, at) => (at === index ? bad : isDynamic(segment) ? real(segment) : segment)).join("/")}`);
    }
  }
  return urls.flatMap((url) => [url, `${url}?${OUT_OF_RANGE_QUERY}`]);
}

describe("fuzzing every route over HTTP, signed in as an admin", () => {
  it("finds the pages and route handlers on disk, the dynamic ones included", () => {
    const files = routes.map((route) => route.file);
    for (const known of ["app/(app)/p/[key]/releases/[id]/page.tsx", "app/(app)/archive/[id]/page.tsx", "app/(app)/p/[key]/templates/[id]/page.tsx", "app/api/releases/[id]/events/route.ts", "app/(app)/archive/[id]/bundle/route.ts"]) {
      expect(files).toContain(known);
    }
    expect(routes.every((route) => route.methods.length > 0), JSON.stringify(routes.filter((route) => route.methods.length === 0))).toBe(true);
  });

  it("answers malformed ids and out-of-range numbers with 4xx, never a 500, and never lets them be cached", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    for (const route of routes) {
      for (const method of route.methods) {
        for (const url of urlsOf(route)) {
          const body = method === "GET" ? undefined : JSON.stringify(OUT_OF_RANGE_BODY);
          const response = await fetch(`${app.url}${url}`, {
            method,
            redirect: "manual",
            headers: { cookie, origin: app.url, "content-type": "application/json", accept: route.kind === "page" ? "text/html" : "application/json" },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          await response.body?.cancel().catch(() => undefined);
          requests += 1;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) failures.push(`${method} ${url} (${route.file}): ${response.status}`);
          if (!/\bno-store\b/.test(response.headers.get("cache-control") ?? "")) failures.push(`${method} ${url}: Cache-Control ${response.headers.get("cache-control")}`);
        }
      }
    }
    console.info(`[fuzz-routes] ${routes.length} routes, ${requests} requests: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count}x${status}`).join(", ")}`);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(routes.length * 2);
  });

  it("the Auth.js endpoints the app does not use answer 404, with the session or without", async () => {
    for (const endpoint of ["csrf", "session", "providers", "signin", "signout", "callback/credentials", "signin/credentials", "error"]) {
      for (const method of ["GET", "POST"]) {
        for (const headers of [{ cookie, origin: app.url }, {}] as Record<string, string>[]) {
          const response = await fetch(`${app.url}/api/auth/${endpoint}`, { method, headers, redirect: "manual", body: method === "POST" ? new URLSearchParams({ csrfToken: "x" }) : undefined });
          expect(response.status, `${method} /api/auth/${endpoint}`).toBe(404);
        }
      }
    }
  });
});

describe("starting without AUTH_SECRET", () => {
  it("a production server started without AUTH_SECRET stops at once with one line naming it, instead of refusing every sign-in", { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "countersign-nosecret-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: context.database.appUrl, COUNTERSIGN_DATA_DIR: dataDir };
      for (const key of ["AUTH_SECRET", "NEXTAUTH_SECRET", "DATABASE_OWNER_URL", "TEST_DATABASE_URL", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[key];
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await Promise.race([
        new Promise<number | null>((resolve) => child.once("exit", (status) => resolve(status))),
        new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 90_000)),
      ]);
      if (code === "running") child.kill("SIGKILL");
      expect(code, output).toBe(1);
      expect(output).toMatch(/^\[countersign\] Configuration error: AUTH_SECRET is not set; .*$/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
