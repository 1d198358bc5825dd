import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBlockedItems } from "../../lib/insights/blocked-items";
import { getReleasesPerWeek } from "../../lib/insights/releases-per-week";
import { getSignoffWait } from "../../lib/insights/signoff-wait";
import { getSystemStatus } from "../../lib/insights/system-status";
import { getTimeToApproval } from "../../lib/insights/time-to-approval";
import { insightWindow } from "../../lib/insights/window";
import { connect } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { createTestUser } from "../support/users";

/**
 * A small history with known answers, written straight into the tables (as
 * the schema owner) so that every time is exactly what the figures measure:
 *
 *   R1 staging, created Mon 16 Nov 10:00, deployed. Ready 12:00, approved Tue 17 Nov 12:00 (26 h).
 *      Tech Lead signs 16 Nov 13:00 (1 h after ready), QA Lead 17 Nov 12:00 (24 h).
 *   R2 staging, created 17 Nov 10:00, rolled back. Ready 14:00, approved 20:00 (10 h); reopened,
 *      ready again 18 Nov, approved again 19 Nov (must not count). Tech Lead signed 12:00, before
 *      ready (no wait), and again 19 Nov; QA Lead 20:00 (6 h).
 *   R3 production, created Mon 23 Nov, in progress.  R4 production, created 24 Nov, cancelled.
 *   R5 staging, created 1 May (outside the window), deployed and approved on 2 May.
 */
const context = setupTestDatabase();
const window = insightWindow(new Date("2026-11-25T12:00:00Z"));
const HOUR = 3600;

let owner: pg.Client;
const ids = { r1: randomUUID(), r2: randomUUID(), r3: randomUUID(), r4: randomUUID(), r5: randomUUID() };

const documentWith = (items: [string, string][]) =>
  JSON.stringify({
    title: "Insights",
    blocks: [{ kind: "checklist", key: "work", title: "Work", responsibleRoles: [], subsections: [{ key: "main", title: "", items: items.map(([key, title]) => ({ key, title, required: true, environments: null })) }] }],
  });

async function release(id: string, env: string, status: string, createdAt: string, templateVersionId: string) {
  await owner.query(
    `INSERT INTO releases (id, project_id, version, environment_id, template_version_id, status, created_at)
     SELECT $1::uuid, e.project_id, $2, e.id, $3::uuid, $4::"ReleaseStatus", $5::timestamptz FROM environments e WHERE e.key = $6`,
    [id, `1.0.${id.slice(0, 4)}`, templateVersionId, status, createdAt, env],
  );
}

async function items(releaseId: string, states: Record<string, string>) {
  let position = 0;
  for (const [key, status] of Object.entries(states)) {
    await owner.query(
      `INSERT INTO item_states (release_id, item_key, status, reason, position) VALUES ($1::uuid, $2, $3::"ItemStatus", $4, $5)`,
      [releaseId, key, status, status === "na" || status === "blocked" ? "because" : null, position++],
    );
  }
}

const seqs = new Map<string, number>();
async function statusChange(releaseId: string, after: string, at: string) {
  const chain = `release:${releaseId}`;
  const seq = (seqs.get(chain) ?? 0) + 1;
  seqs.set(chain, seq);
  await owner.query(
    `INSERT INTO audit_events (chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)
     VALUES ($1, $2, 'release.status_changed', $3::timestamptz, '{"kind":"system","name":"test"}', $4, $5, '{"address":"","userAgent":""}', $6, $7)`,
    [chain, seq, at, JSON.stringify({ kind: "release", id: releaseId, label: "x" }), JSON.stringify({ before: { status: "x" }, after: { status: after } }), String(seq - 1).padStart(64, "0"), String(seq).padStart(64, "0")],
  );
}

async function signoff(releaseId: string, role: string, signerId: string, at: string, status = "active") {
  await owner.query(
    `INSERT INTO signoffs (id, release_id, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items, audit_seq, audit_hash, status)
     VALUES ($1::uuid, $2::uuid, $3, $4::uuid, 'Signer', 'approve', $5::timestamptz, $6, '{}', 1, $6, $7::"SignoffStatus")`,
    [randomUUID(), releaseId, role, signerId, at, "a".repeat(64), status],
  );
}

beforeAll(async () => {
  owner = await connect(context.database.ownerUrl);
  const signer = await createTestUser();
  const templateId = randomUUID();
  const [v1, v2] = [randomUUID(), randomUUID()];
  await owner.query(`INSERT INTO templates (id, project_id, name) VALUES ($1::uuid, '00000000-0000-4000-8000-0000000000d1', 'Insights template')`, [templateId]);
  await owner.query(`INSERT INTO template_versions (id, template_id, version, document, counts) VALUES ($1::uuid, $2::uuid, 1, $3::jsonb, '{}')`, [
    v1,
    templateId,
    documentWith([["alpha", "Alpha (old)"], ["beta", "Beta (old)"], ["gamma", "Gamma"]]),
  ]);
  await owner.query(`INSERT INTO template_versions (id, template_id, version, document, counts) VALUES ($1::uuid, $2::uuid, 2, $3::jsonb, '{}')`, [
    v2,
    templateId,
    documentWith([["alpha", "Alpha"], ["beta", "Beta"]]),
  ]);

  await release(ids.r1, "staging", "deployed", "2026-11-16T10:00:00Z", v2);
  await release(ids.r2, "staging", "rolled_back", "2026-11-17T10:00:00Z", v2);
  await release(ids.r3, "production", "in_progress", "2026-11-23T09:00:00Z", v1);
  await release(ids.r4, "production", "cancelled", "2026-11-24T09:00:00Z", v1);
  await release(ids.r5, "staging", "deployed", "2026-05-01T09:00:00Z", v1);

  await items(ids.r1, { alpha: "na", beta: "done" });
  await items(ids.r2, { alpha: "na", beta: "blocked" });
  await items(ids.r3, { alpha: "blocked", gamma: "na" });
  await items(ids.r4, { alpha: "done" });
  await items(ids.r5, { beta: "na", gamma: "na", alpha: "blocked" });

  await statusChange(ids.r1, "in_progress", "2026-11-16T11:00:00Z");
  await statusChange(ids.r1, "awaiting_signoff", "2026-11-16T12:00:00Z");
  await statusChange(ids.r1, "approved", "2026-11-17T12:00:00Z");
  await statusChange(ids.r1, "deployed", "2026-11-17T13:00:00Z");
  await statusChange(ids.r2, "awaiting_signoff", "2026-11-17T14:00:00Z");
  await statusChange(ids.r2, "approved", "2026-11-17T20:00:00Z");
  await statusChange(ids.r2, "awaiting_signoff", "2026-11-18T10:00:00Z");
  await statusChange(ids.r2, "approved", "2026-11-19T10:00:00Z");
  await statusChange(ids.r5, "awaiting_signoff", "2026-05-01T12:00:00Z");
  await statusChange(ids.r5, "approved", "2026-05-02T09:00:00Z");

  await signoff(ids.r1, "Tech Lead", signer.id, "2026-11-16T13:00:00Z");
  await signoff(ids.r1, "QA Lead", signer.id, "2026-11-17T12:00:00Z");
  await signoff(ids.r2, "Tech Lead", signer.id, "2026-11-17T12:00:00Z", "revoked");
  await signoff(ids.r2, "Tech Lead", signer.id, "2026-11-19T09:00:00Z");
  await signoff(ids.r2, "QA Lead", signer.id, "2026-11-17T20:00:00Z", "stale");
  await signoff(ids.r5, "QA Lead", signer.id, "2026-05-02T08:00:00Z");
});

afterAll(async () => {
  await owner?.end();
});

describe("insight queries on a known history", () => {
  it("counts releases per week, environment and outcome, leaving out releases older than the window", async () => {
    const result = await getReleasesPerWeek(window);
    expect(result.total).toBe(4);
    expect(result.environments.map((environment) => environment.key)).toEqual(["staging", "production"]);
    const week = (iso: string) => window.weeks.indexOf(iso);
    const [staging, production] = result.environments;
    expect(staging!.series.deployed[week("2026-11-16")]).toBe(1);
    expect(staging!.series.rolled_back[week("2026-11-16")]).toBe(1);
    expect(staging!.total).toBe(2);
    expect(production!.series.open[week("2026-11-23")]).toBe(1);
    expect(production!.series.cancelled[week("2026-11-23")]).toBe(1);
    expect(production!.total).toBe(2);
  });

  it("measures creation to first approval: per week, per environment and overall", async () => {
    const result = await getTimeToApproval(window);
    // R1 26 h, R2 10 h (its re-approval on 19 Nov does not count); R5 is outside the window.
    expect(result.overall).toEqual({ medianSeconds: 18 * HOUR, releases: 2 });
    expect(result.perWeek[window.weeks.indexOf("2026-11-16")]).toEqual({ medianSeconds: 18 * HOUR, releases: 2 });
    expect(result.perWeek.filter((point) => point.releases > 0)).toHaveLength(1);
    expect(result.perEnvironment).toEqual([{ key: "staging", name: "Staging", medianSeconds: 18 * HOUR, releases: 2 }]);
  });

  it("ranks the items most often N/A or blocked, with the newest title that has the item", async () => {
    const result = await getBlockedItems(window);
    expect(result).toEqual([
      { template: "Insights template", key: "alpha", title: "Alpha", na: 2, blocked: 1 },
      { template: "Insights template", key: "beta", title: "Beta", na: 0, blocked: 1 },
      { template: "Insights template", key: "gamma", title: "Gamma", na: 1, blocked: 0 },
    ]);
    expect(await getBlockedItems(window, 1)).toHaveLength(1);
  });

  it("measures each role's wait from ready for sign-off to its first signature", async () => {
    const result = await getSignoffWait(window);
    // QA Lead: 24 h and 6 h. Tech Lead: 1 h, and 0 (signed before R2 was ready).
    expect(result).toEqual([
      { role: "QA Lead", signatures: 2, medianSeconds: 15 * HOUR, p90Seconds: Math.round((6 + 0.9 * 18) * HOUR) },
      { role: "Tech Lead", signatures: 2, medianSeconds: HOUR / 2, p90Seconds: Math.round(0.9 * HOUR) },
    ]);
  });

  it("reports the database reachable with its exact audit event count and the uptime", async () => {
    const status = await getSystemStatus();
    const [row] = (await owner.query<{ count: string }>("SELECT count(*) FROM audit_events")).rows;
    expect(status.database).toBe("reachable");
    expect(status.auditEvents).toEqual({ count: Number(row!.count), estimated: false });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("gives empty figures for a window with no activity", async () => {
    const empty = insightWindow(new Date("2030-01-01T00:00:00Z"));
    expect((await getReleasesPerWeek(empty)).total).toBe(0);
    expect((await getTimeToApproval(empty)).overall.releases).toBe(0);
    expect(await getBlockedItems(empty)).toEqual([]);
    expect(await getSignoffWait(empty)).toEqual([]);
  });
});

describe("insight queries of one project (/admin/health?project=…)", () => {
  const other = { project: randomUUID(), environment: randomUUID(), template: randomUUID(), version: randomUUID(), release: randomUUID() };
  const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-0000000000d1";

  beforeAll(async () => {
    // A second project with one release of its own: created Tue 17 Nov 08:00, ready 09:00, approved 11:00, Security Engineer signing at 10:00.
    const signer = await createTestUser();
    await owner.query(`INSERT INTO projects (id, key, name) VALUES ($1::uuid, $2, 'Other project')`, [other.project, `other-${other.project.slice(0, 8)}`]);
    await owner.query(`INSERT INTO environments (id, project_id, key, name, position) VALUES ($1::uuid, $2::uuid, 'canary', 'Canary', 1)`, [other.environment, other.project]);
    await owner.query(`INSERT INTO templates (id, project_id, name) VALUES ($1::uuid, $2::uuid, 'Other template')`, [other.template, other.project]);
    await owner.query(`INSERT INTO template_versions (id, template_id, version, document, counts) VALUES ($1::uuid, $2::uuid, 1, $3::jsonb, '{}')`, [
      other.version,
      other.template,
      documentWith([["delta", "Delta"]]),
    ]);
    await owner.query(
      `INSERT INTO releases (id, project_id, version, environment_id, template_version_id, status, created_at)
       VALUES ($1::uuid, $2::uuid, '9.9.9', $3::uuid, $4::uuid, 'approved', '2026-11-17T08:00:00Z')`,
      [other.release, other.project, other.environment, other.version],
    );
    await items(other.release, { delta: "blocked" });
    await statusChange(other.release, "awaiting_signoff", "2026-11-17T09:00:00Z");
    await statusChange(other.release, "approved", "2026-11-17T11:00:00Z");
    await signoff(other.release, "Security Engineer", signer.id, "2026-11-17T10:00:00Z");
  });

  it("counts only that project's releases in every figure", async () => {
    const scoped = insightWindow(new Date("2026-11-25T12:00:00Z"), undefined, other.project);
    const perWeek = await getReleasesPerWeek(scoped);
    expect(perWeek.total).toBe(1);
    expect(perWeek.environments.map((environment) => environment.key)).toEqual(["canary"]);
    expect((await getTimeToApproval(scoped)).overall).toEqual({ medianSeconds: 3 * HOUR, releases: 1 });
    expect(await getBlockedItems(scoped)).toEqual([{ template: "Other template", key: "delta", title: "Delta", na: 0, blocked: 1 }]);
    expect(await getSignoffWait(scoped)).toEqual([{ role: "Security Engineer", signatures: 1, medianSeconds: HOUR, p90Seconds: HOUR }]);
  });

  it("leaves the other project out of the default project's figures, and counts both without a project", async () => {
    const own = insightWindow(new Date("2026-11-25T12:00:00Z"), undefined, DEFAULT_PROJECT_ID);
    expect((await getReleasesPerWeek(own)).total).toBe(4);
    expect((await getTimeToApproval(own)).overall.releases).toBe(2);
    expect((await getBlockedItems(own)).map((item) => item.key)).toEqual(["alpha", "beta", "gamma"]);
    expect((await getSignoffWait(own)).map((wait) => wait.role)).toEqual(["QA Lead", "Tech Lead"]);
    expect((await getReleasesPerWeek(window)).total).toBe(5);
    expect((await getSignoffWait(window)).map((wait) => wait.role)).toEqual(["QA Lead", "Security Engineer", "Tech Lead"]);
  });
});
