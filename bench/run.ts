/**
 * `npm run bench`: the production build (`next start`) on the embedded
 * PostgreSQL with the full dataset, driven over loopback, each scenario next
 * to a raw baseline measured in the same run. Prints a table and writes
 * bench/results.json. See README "Performance" for what the figures mean.
 *
 * Settings (environment): BENCH_DATA_DIR (.bench), BENCH_RELEASES (10000),
 * BENCH_EVENTS (1000000), BENCH_SECONDS per scenario (15), BENCH_PORT (3900),
 * BENCH_ONLY (a comma list of tick, reads, pages, verify, browser: run only those
 * groups, for profiling; results.json is only written by a full run),
 * BENCH_CPU_PROFILE_DIR (run the server with `node --cpu-prof` into that folder),
 * BENCH_TRACE_DIR (write a Chromium trace of each page's ticks at 4× into that folder),
 * BENCH_BROWSER_ITEMS (109 or 1000: only that release page in the browser, for
 * profiling; results.json is then left as it was).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemContext } from "../lib/audit/actor";
import { connectDatabase, loadSettings, resolveAuthSecret } from "../lib/config/bootstrap";
import { db } from "../lib/db/client";
import { generateDataset } from "../lib/dev/generate-dataset";
import { buildIsStale } from "../lib/ops/build-freshness";
import { serverNodeArgs } from "../lib/ops/server-node-options";
import { seedDemo } from "../lib/seed/seed-demo";
import { createTokenForEmail } from "../lib/tokens/create-token-for-email";
import { createUser } from "../lib/users/create-user";
import { launchBrowser, measurePage, type PageFigures } from "./support/browser";
import { browserReleases } from "./support/browser-dataset";
import { firstLoadJs } from "./support/first-load-js";
import { runLoad } from "./support/load";
import { signInOverHttp } from "./support/sign-in";
import { startServer } from "./support/server";
import type { LatencySummary } from "./support/stats";
import { runTickBaseline, type TickTarget } from "./support/tick-baseline";
import { runVerifyBaseline } from "./support/verify-baseline";
import { runReadBaseline, type Statement } from "./support/read-baseline";
import { listReleasesQuery, listReleasesSchema } from "../lib/releases/list-releases";
import { getReleaseQuery } from "../lib/releases/get-release";
import { addProjectMember } from "../lib/projects/add-project-member";
import { releasePath } from "../lib/projects/paths";
import { REFERENCE_TEMPLATE, referenceProject } from "./support/browser-dataset";

const root = process.cwd();
const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? ".bench");
const RELEASES = Number(process.env.BENCH_RELEASES ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PORT = Number(process.env.BENCH_PORT ?? 3900);
const PASSWORD = "bench-password-not-secret";
const GROUPS = ["tick", "reads", "pages", "verify", "browser"] as const;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((group) => group.trim())) : undefined;
for (const group of ONLY ?? []) if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`BENCH_ONLY: unknown group ${group} (${GROUPS.join(", ")})`);
const runs = (group: (typeof GROUPS)[number]) => !ONLY || ONLY.has(group);
/** BENCH_ONLY=browser: only the release page in the browser (no 10,000-release dataset, no load scenarios, no verify); it updates results.json's `browser` part. */
const BROWSER_ONLY = ONLY?.size === 1 && ONLY.has("browser");
const TRACE_DIR = process.env.BENCH_TRACE_DIR ? path.resolve(process.env.BENCH_TRACE_DIR) : undefined;
const BROWSER_ITEMS = process.env.BENCH_BROWSER_ITEMS ? Number(process.env.BENCH_BROWSER_ITEMS) : undefined;
if (BROWSER_ITEMS !== undefined && BROWSER_ITEMS !== 109 && BROWSER_ITEMS !== 1000) throw new Error("BENCH_BROWSER_ITEMS: 109 or 1000");
if (BROWSER_ITEMS !== undefined && process.env.BENCH_ONLY !== "browser") throw new Error("BENCH_BROWSER_ITEMS goes with BENCH_ONLY=browser");
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR ? path.resolve(process.env.BENCH_CPU_PROFILE_DIR) : undefined;
const log = (line: string) => console.log(`[bench] ${line}`);

type Row = {
  scenario: string;
  connections: number;
  /** The app's CPU time per request (user + system, its process tree), in ms. */
  cpuMsPerRequest?: number;
  app?: LatencySummary;
  baseline?: LatencySummary;
  ratio?: number;
  target: string;
  met?: boolean;
  note?: string;
};

function runNode(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const merged: Record<string, string | undefined> = { ...process.env, ...env };
    for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
    const child = spawn(process.execPath, args, { env: merged as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** The bench's users; the member is a contributor of the project the dataset is in (the reference checklist's: mgit, or default in a dataset made before projects). */
async function ensureUser(email: string, name: string, appRole: "member" | "auditor", project: { id: string; key: string } | null) {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!existing) await createUser(systemContext("bench"), { email, name, appRole, password: PASSWORD }, { joinDefaultProject: false });
  if (!project) return;
  const joined = existing && (await db.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: existing.id } }, select: { role: true } }));
  if (!joined) await addProjectMember(systemContext("bench"), { project: project.key, user: email, role: "contributor" });
}

const fmt = (value: number | undefined, digits = 1) => (value === undefined ? "" : value.toFixed(digits));

function printTable(rows: Row[]) {
  const header = ["scenario", "conns", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "app CPU ms/req", "baseline req/s", "baseline p95", "app/baseline", "target", "met"];
  const lines = rows.map((row) => [
    row.scenario,
    String(row.connections),
    fmt(row.app?.throughput),
    fmt(row.app?.p50),
    fmt(row.app?.p95),
    fmt(row.app?.p99),
    row.app ? String(row.app.errors) : "",
    fmt(row.cpuMsPerRequest),
    fmt(row.baseline?.throughput),
    fmt(row.baseline?.p95),
    row.ratio === undefined ? "" : `${(row.ratio * 100).toFixed(0)}%`,
    row.target,
    row.met === undefined ? "" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, index) => Math.max(title.length, ...lines.map((line) => line[index]!.length)));
  const show = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ")} |`;
  console.log(show(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const line of lines) console.log(show(line));
}

type BrowserRow = { page: string; items: number; app: PageFigures; baseline: PageFigures; targets: Record<string, string>; met: boolean[] };

/** The release page of an in-progress 109- and 1,000-item release in Chromium, each beside the static baseline of as many checkboxes. */
async function browserScenarios(url: string, cookie: string, projectKey: string): Promise<BrowserRow[]> {
  const member = await db.user.findUniqueOrThrow({ where: { email: "bench-member@bench.test" }, select: { id: true, name: true, email: true } });
  const context = { actor: { kind: "user" as const, id: member.id, name: member.name, email: member.email }, origin: { address: "local", userAgent: "bench" } };
  log("Browser: creating two in-progress releases (109 and 1,000 items, every other item ticked)...");
  const releases = await browserReleases(context);
  const browser = await launchBrowser();
  const rows: BrowserRow[] = [];
  try {
    for (const release of releases) {
      if (BROWSER_ITEMS !== undefined && release.items !== BROWSER_ITEMS) continue;
      const large = release.items >= 1000;
      const trace = (name: string) => (TRACE_DIR ? path.join(TRACE_DIR, `${name}-${release.items}-4x.json`) : undefined);
      if (TRACE_DIR) mkdirSync(TRACE_DIR, { recursive: true });
      log(`Browser: release page with ${release.items} items...`);
      const app = await measurePage(browser, `${url}${releasePath(projectKey, release.releaseId)}`, url, cookie, trace("release-page"));
      log(`Browser: static baseline with ${release.items} checkboxes...`);
      const baseline = await measurePage(browser, `${url}/bench-baseline?items=${release.items}`, url, cookie, trace("baseline"));
      const targets = large
        ? { inp4x: "< 50 ms and ≤ 2× baseline", html: "< 500 KB", server: "median < 100 ms", lcp: "< 400 ms" }
        : { inp4x: "< 40 ms", html: "< 120 KB", server: "median < 50 ms", lcp: "< 300 ms" };
      const met = large
        ? [app.inpP95Ms["4x"] < 50 && app.inpP95Ms["4x"] <= 2 * baseline.inpP95Ms["4x"], app.htmlKb < 500, app.serverMedianMs < 100, app.lcpMs < 400]
        : [app.inpP95Ms["4x"] < 40, app.htmlKb < 120, app.serverMedianMs < 50, app.lcpMs < 300];
      rows.push({ page: `release page, ${release.items} items`, items: release.items, app, baseline, targets, met });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

function printBrowserTable(rows: BrowserRow[]) {
  for (const row of rows) {
    const [inp, html, server, lcp] = row.met.map((met) => (met ? "yes" : "NO"));
    console.log(`${row.page} (app | static baseline | target | met)`);
    console.log(`  tick INP p95, 4x: ${fmt(row.app.inpP95Ms["4x"], 0)} ms | ${fmt(row.baseline.inpP95Ms["4x"], 0)} ms | ${row.targets.inp4x} | ${inp}`);
    console.log(`  tick INP p95, 1x: ${fmt(row.app.inpP95Ms["1x"], 0)} ms | ${fmt(row.baseline.inpP95Ms["1x"], 0)} ms | (reported) |`);
    const split = (figures: PageFigures) => `${figures.inpBreakdown4x.inputDelay} + ${figures.inpBreakdown4x.processing} + ${figures.inpBreakdown4x.presentation} ms`;
    console.log(`  a tick at 4x, median input delay + processing + presentation: ${split(row.app)} | ${split(row.baseline)} | (reported) |`);
    console.log(`  HTML: ${fmt(row.app.htmlKb)} KB | ${fmt(row.baseline.htmlKb)} KB | ${row.targets.html} | ${html}`);
    console.log(`  server response median: ${fmt(row.app.serverMedianMs)} ms | ${fmt(row.baseline.serverMedianMs)} ms | ${row.targets.server} | ${server}`);
    console.log(`  LCP cold: ${fmt(row.app.lcpMs, 0)} ms | ${fmt(row.baseline.lcpMs, 0)} ms | ${row.targets.lcp} | ${lcp}`);
    const load = (figures: PageFigures) => `response end ${figures.coldLoad.responseEnd} ms, FCP ${figures.coldLoad.fcp} ms, LCP ${figures.coldLoad.lcpElement}`;
    console.log(`  the median cold load: ${load(row.app)} | ${load(row.baseline)}`);
    console.log(`  DOM elements: ${row.app.domNodes} | ${row.baseline.domNodes}`);
  }
}

async function main() {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const settings = loadSettings({ ...process.env, COUNTERSIGN_DATA_DIR: dataDir, DATABASE_URL: undefined, PORT: String(PORT) });
  const runtime = await connectDatabase(settings, { migrate: true, log });
  const { database } = runtime;
  const env = {
    DATABASE_URL: database.appUrl,
    AUTH_SECRET: await resolveAuthSecret(settings, database),
    COUNTERSIGN_DATA_DIR: dataDir,
    COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: "100000",
    // The static baseline page of the browser figures (app/bench-baseline/route.ts); 404 without it.
    COUNTERSIGN_BENCH_BASELINE: "1",
  };
  try {
    // 1. The dataset: generated once, reused by later runs.
    await seedDemo(PASSWORD, systemContext("bench"));
    const have = await db.release.count();
    if (have < RELEASES && !BROWSER_ONLY) {
      log(`Generating ${RELEASES - have} releases and about ${EVENTS} audit events (once; later runs reuse ${dataDir})...`);
      const generated = await generateDataset({ url: database.appUrl, releases: RELEASES - have, events: EVENTS, onProgress: (done, total) => done % 1000 === 0 && log(`  ${done}/${total}`) });
      log(`Generated in ${generated.seconds.toFixed(0)} s: ${JSON.stringify(generated)}`);
    }
    const counts = {
      releases: await db.release.count(),
      itemStates: await db.itemState.count(),
      auditEvents: await db.auditEvent.count(),
      signoffs: await db.signoff.count(),
    };
    log(`Dataset: ${JSON.stringify(counts)}`);
    const found = await referenceProject();
    if (!found) throw new Error(`The seeded template "${REFERENCE_TEMPLATE}" is missing.`);
    const project = found;
    await ensureUser("bench-member@bench.test", "Bench Member", "member", project);
    await ensureUser("bench-auditor@bench.test", "Bench Auditor", "auditor", null);
    const { token } = await createTokenForEmail(systemContext("bench"), "bench-member@bench.test", { name: `bench ${new Date().toISOString()}` });
    const { token: auditorToken } = await createTokenForEmail(systemContext("bench"), "bench-auditor@bench.test", { name: `bench ${new Date().toISOString()}` });

    // Open releases to tick: many, and a few hot ones that take a quarter of the changes.
    const open = await db.release.findMany({
      where: { status: { in: ["draft", "in_progress", "awaiting_signoff"] } },
      select: { id: true, items: { select: { itemKey: true } } },
      take: 500,
    });
    const targets: TickTarget[] = open.map((release) => ({ releaseId: release.id, itemKeys: release.items.map((item) => item.itemKey) }));
    if (targets.length < 10 && !BROWSER_ONLY) throw new Error("The dataset has fewer than 10 open releases to tick.");
    const hot = targets.slice(0, 4);
    let counter = 0;
    const pickTick = () => {
      const target = Math.random() < 0.25 ? hot[Math.floor(Math.random() * hot.length)]! : targets[Math.floor(Math.random() * targets.length)]!;
      const itemKey = target.itemKeys[Math.floor(Math.random() * target.itemKeys.length)]!;
      counter += 1;
      return { target, itemKey, status: Math.random() < 0.5 ? ("done" as const) : ("open" as const), note: `bench ${counter}` };
    };
    const allIds = (await db.release.findMany({ select: { id: true } })).map((release) => release.id);
    // Releases of the reference checklist in staging: 100 + 9 items each, the size the issue compares.
    const fullIds = (await db.release.findMany({ where: { itemsTotal: 109 }, select: { id: true }, take: 1000 })).map((release) => release.id);
    if (fullIds.length === 0 && !BROWSER_ONLY) throw new Error("The dataset has no release with 109 items.");

    // 2. The production build and its first-load JavaScript.
    if (buildIsStale(root)) {
      log("Building (next build)...");
      const build = await runNode([path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
      if (build.code !== 0) throw new Error(`next build failed:\n${build.output.slice(-3000)}`);
    }
    const bundle = firstLoadJs(root, "/(app)/p/[key]/releases/[id]/page");
    log(`First-load JS of the release page: ${(bundle.gzipBytes / 1024).toFixed(1)} KB gzipped (${bundle.files} files)`);

    // 3. The app under load.
    // The same Node options as `npm start` (heap limit), so the figures are the production ones.
    const server = await startServer(root, PORT, env, [...serverNodeArgs(settings), ...(CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [])]);
    const rows: Row[] = [];
    let browserRows: BrowserRow[] = [];
    try {
      const memberCookie = await signInOverHttp(server.url, "bench-member@bench.test", PASSWORD);
      const auditorCookie = await signInOverHttp(server.url, "bench-auditor@bench.test", PASSWORD);
      if (runs("browser")) browserRows = await browserScenarios(server.url, memberCookie, project.key);
      if (!BROWSER_ONLY) await loadScenarios(memberCookie, auditorCookie);
    } finally {
      if (!BROWSER_ONLY) rows.push({ scenario: "app peak RSS", connections: 0, target: "< 400 MB", met: server.peakRssMb() < 400, note: `${server.peakRssMb().toFixed(0)} MB` });
      await server.stop();
    }
    printBrowserTable(browserRows);
    const browserResult = { measuredAt: new Date().toISOString(), throttling: "CDP Emulation.setCPUThrottlingRate 1 and 4", ticks: 30, rows: browserRows };
    if (BROWSER_ITEMS !== undefined) {
      log(`BENCH_BROWSER_ITEMS=${BROWSER_ITEMS}: a partial run, bench/results.json left as it was`);
      return;
    }
    if (BROWSER_ONLY) {
      const file = path.join(root, "bench", "results.json");
      const previous = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      writeFileSync(file, `${JSON.stringify({ ...previous, browser: { ...browserResult, loadAverage1m: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number((os.loadavg()[0] ?? 0).toFixed(2)) } } }, null, 2)}\n`);
      log("Wrote the browser figures into bench/results.json (the other rows are from the run they name)");
      if (browserRows.some((row) => row.met.includes(false))) process.exitCode = 1;
      return;
    }

    async function loadScenarios(memberCookie: string, auditorCookie: string) {
      const tickRequest = () => {
        const { target, itemKey, status, note } = pickTick();
        return {
          method: "PATCH" as const,
          path: `/api/v1/projects/${project.key}/releases/${target.releaseId}/items/${encodeURIComponent(itemKey)}`,
          body: JSON.stringify({ status, note }),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        };
      };
      log("Warming up...");
      if (runs("tick")) await runLoad({ url: server.url, connections: 8, seconds: 5, next: tickRequest });
      if (runs("pages")) await runLoad({ url: server.url, connections: 4, seconds: 3, headers: { cookie: memberCookie }, next: () => ({ path: releasePath(project.key, allIds[Math.floor(Math.random() * allIds.length)]!) }) });

      for (const connections of runs("tick") ? [32, 64] : []) {
        log(`tick at ${connections} connections (app)...`);
        const cpuBefore = server.cpuSeconds();
        const app = await runLoad({ url: server.url, connections, seconds: SECONDS, next: tickRequest });
        const cpuMsPerRequest = ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, app.requests);
        log(`  statuses ${JSON.stringify(app.statuses)}`);
        log(`tick at ${connections} connections (raw pg baseline)...`);
        const baseline = await runTickBaseline({ url: database.appUrl, token, connections, poolSize: settings.DATABASE_POOL_MAX, seconds: SECONDS, pick: pickTick });
        const ratio = app.throughput / baseline.throughput;
        rows.push({
          scenario: "tick (PATCH item, JSON API)",
          connections,
          app,
          cpuMsPerRequest,
          baseline,
          ratio,
          target: connections === 64 ? "p95 < 50 ms, ≥ 50% of baseline" : "(reported)",
          met: connections === 64 ? app.p95 < 50 && ratio >= 0.5 && app.errors === 0 && app.requests > 0 : undefined,
        });
      }

      /**
       * A JSON read through the API with a token, then its raw baseline: the
       * statements the app issues for the same request (the token's lookup is
       * cached by the app, so it issues only the read's own statement).
       */
      const readScenario = async (
        scenario: string,
        connections: number,
        bearer: string,
        pick: () => { path: string; statements: Statement[] },
        target: { text: string; met: (row: Row) => boolean },
      ): Promise<Row> => {
        log(`${scenario} at ${connections} connections (app)...`);
        const cpuBefore = server.cpuSeconds();
        const app = await runLoad({ url: server.url, connections, seconds: SECONDS, headers: { authorization: `Bearer ${bearer}` }, next: () => ({ path: pick().path }) });
        const cpuMsPerRequest = ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, app.requests);
        log(`  statuses ${JSON.stringify(app.statuses)}`);
        log(`${scenario} at ${connections} connections (raw pg baseline)...`);
        const baseline = await runReadBaseline({ url: database.appUrl, connections, poolSize: settings.DATABASE_POOL_MAX, seconds: SECONDS, next: () => pick().statements });
        const row: Row = { scenario, connections, app, cpuMsPerRequest, baseline, ratio: app.throughput / baseline.throughput, target: target.text };
        return { ...row, met: target.met(row) && app.errors === 0 && app.requests > 0 && baseline.errors === 0 };
      };
      // The raw baselines issue the statements the app issues for the same callers: the member token's user reads its projects, the auditor every project.
      const memberViewer = { appRole: "member" as const, projects: [{ id: project.id, role: "contributor" as const }] };
      const auditorViewer = { appRole: "auditor" as const, auditorProjectIds: null };
      const listPage = () => {
        const page = 1 + Math.floor(Math.random() * 4);
        return { path: `/api/v1/projects/${project.key}/releases?page=${page}`, statements: [listReleasesQuery(listReleasesSchema.parse({ page, project: project.key }), memberViewer)] };
      };
      // The archive's filters, as the auditor uses them (the archive page below uses the same set).
      const archiveFilters: Record<string, string>[] = [
        {},
        { environment: "production" },
        { status: "deployed" },
        { environment: "staging", status: "rolled_back" },
        { role: "QA Lead" },
        { signer: "lead" },
        { from: "2026-03-01", to: "2026-06-30" },
        { environment: "production", page: "7" },
        { version: "2026.1" },
      ];
      const archivePage = () => {
        const filter = archiveFilters[Math.floor(Math.random() * archiveFilters.length)]!;
        const query = new URLSearchParams(filter).toString();
        return { path: `/api/v1/projects/${project.key}/releases${query ? `?${query}` : ""}`, statements: [listReleasesQuery(listReleasesSchema.parse({ ...filter, project: project.key }), auditorViewer)] };
      };
      const itemsOf = () => {
        const id = fullIds[Math.floor(Math.random() * fullIds.length)]!;
        return { path: `/api/v1/projects/${project.key}/releases/${id}/items`, statements: [getReleaseQuery(id, memberViewer, { projectKey: project.key })] };
      };
      if (runs("reads")) {
        log("Warming up the reads...");
        await runLoad({ url: server.url, connections: 4, seconds: 3, headers: { authorization: `Bearer ${token}` }, next: () => ({ path: (Math.random() < 0.5 ? listPage() : itemsOf()).path }) });
        await runLoad({ url: server.url, connections: 4, seconds: 2, headers: { authorization: `Bearer ${auditorToken}` }, next: () => ({ path: archivePage().path }) });
        // What any API call costs on this server in this run: the simplest authenticated route (/api/v1/me, the
        // token's user from the cache, no query), at the reads' concurrency. A floor to read the others against.
        log("API floor: GET /api/v1/me, 8 connections...");
        const floorCpu = server.cpuSeconds();
        const apiFloor = await runLoad({ url: server.url, connections: 8, seconds: SECONDS, headers: { authorization: `Bearer ${token}` }, next: () => ({ path: "/api/v1/me" }) });
        rows.push({
          scenario: "(floor) simplest API call (GET /api/v1/me)",
          connections: 8,
          app: apiFloor,
          cpuMsPerRequest: ((server.cpuSeconds() - floorCpu) * 1000) / Math.max(1, apiFloor.requests),
          target: "(reported)",
        });
        for (const connections of [8, 32]) {
          rows.push(
            await readScenario("release list (GET /api/v1/releases, 25/page, open first, total)", connections, token, listPage, {
              text: connections === 8 ? "≥ 50% of baseline, ≤ 2 ms CPU, p95 < 25 ms" : "≥ 50% of baseline, ≤ 2 ms CPU",
              met: (row) => row.ratio! >= 0.5 && row.cpuMsPerRequest! <= 2 && (connections !== 8 || row.app!.p95 < 25),
            }),
          );
        }
        rows.push(
          await readScenario("release items (GET /api/v1/releases/{id}/items, 109 items)", 8, token, itemsOf, {
            text: "≥ 50% of baseline, ≤ 3 ms CPU",
            met: (row) => row.ratio! >= 0.5 && row.cpuMsPerRequest! <= 3,
          }),
        );
        rows.push(
          await readScenario("archive list with filters (auditor, GET /api/v1/releases?…)", 8, auditorToken, archivePage, {
            text: "≥ 50% of baseline",
            met: (row) => row.ratio! >= 0.5,
          }),
        );
      }

      if (runs("pages")) {
      log("release page, 8 concurrent...");
      /** A server-rendered page scenario at 8 concurrent, with its p95 target. */
      const pageScenario = async (scenario: string, cookie: string, path: () => string): Promise<Row> => {
        const cpuBefore = server.cpuSeconds();
        const app = await runLoad({ url: server.url, connections: 8, seconds: SECONDS, headers: { cookie }, next: () => ({ path: path() }) });
        log(`  statuses ${JSON.stringify(app.statuses)}`);
        return {
          scenario,
          connections: 8,
          app,
          cpuMsPerRequest: ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, app.requests),
          target: "p95 < 100 ms",
          met: app.p95 < 100 && app.errors === 0 && app.requests > 0,
        };
      };
      // The pages' baseline, in the same run: the simplest signed-in page (the profile: the layout,
      // one user, no lists) on the same server at the same concurrency — what any page costs here.
      log("page baseline: /profile, 8 concurrent...");
      const floor = (await pageScenario("(baseline) simplest signed-in page", memberCookie, () => "/profile")).app!;
      const againstFloor = (row: Row): Row => ({ ...row, baseline: floor, ratio: row.app ? row.app.throughput / floor.throughput : undefined });
      rows.push(againstFloor(await pageScenario("release page (SSR)", memberCookie, () => releasePath(project.key, allIds[Math.floor(Math.random() * allIds.length)]!))));

      const filters = archiveFilters.map((filter) => {
        const query = new URLSearchParams(filter).toString();
        return query ? `?${query}` : "";
      });
      log("archive with filters, 8 concurrent...");
      rows.push(againstFloor(await pageScenario("archive (auditor, filters)", auditorCookie, () => `/archive${filters[Math.floor(Math.random() * filters.length)]}`)));
      }
    }

    if (runs("verify")) {
      // 4. Verify the whole trail with the CLI, and the raw read-and-hash baseline.
      log("audit verify (CLI) over the whole trail...");
      const verify = await runNode(["--conditions=react-server", "--import", "tsx", path.join(root, "cli", "index.ts"), "audit", "verify", "--json"], {
        COUNTERSIGN_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
      });
      const report = (() => {
        try {
          return JSON.parse(verify.output.slice(verify.output.indexOf("{"))) as { status: string; events: number; seconds?: number };
        } catch {
          return { status: `unreadable output: ${verify.output.slice(0, 300)}`, events: 0 };
        }
      })();
      log("verify baseline (read the same rows, sha256 the same bytes)...");
      const verifyBaseline = await runVerifyBaseline(database.appUrl);
      const verifyRatio = verifyBaseline.seconds / verify.seconds;
      rows.push({
        scenario: `audit verify (${report.events.toLocaleString("en")} events, ${report.status})`,
        connections: 1,
        target: "< 10 s, ≥ 50% of baseline",
        ratio: verifyRatio,
        met: verify.code === 0 && report.status === "intact" && verify.seconds < 10 && verifyRatio >= 0.5,
        note: `app ${verify.seconds.toFixed(1)} s, baseline ${verifyBaseline.seconds.toFixed(1)} s (${verifyBaseline.events.toLocaleString("en")} events)`,
      });
    }
    rows.push({
      scenario: "release page first-load JS",
      connections: 0,
      target: "< 200 KB gzipped",
      met: bundle.gzipBytes < 200 * 1024,
      note: `${(bundle.gzipBytes / 1024).toFixed(1)} KB gzipped`,
    });

    printTable(rows);
    for (const row of rows.filter((entry) => entry.note)) console.log(`  ${row.scenario}: ${row.note}`);
    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage1m: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number((os.loadavg()[0] ?? 0).toFixed(2)) } };
    console.log(`machine: ${JSON.stringify(machine)}`);
    if (ONLY) {
      log(`BENCH_ONLY=${[...ONLY].join(",")}: a partial run, bench/results.json left as it was`);
    } else {
      writeFileSync(
        path.join(root, "bench", "results.json"),
        `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, dataset: counts, secondsPerScenario: SECONDS, rows, browser: browserResult }, null, 2)}\n`,
      );
      log("Wrote bench/results.json");
    }
    if (rows.some((row) => row.met === false) || browserRows.some((row) => row.met.includes(false))) process.exitCode = 1;
  } finally {
    await db.$disconnect().catch(() => undefined);
    if (database.embedded?.owned) await database.embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
