import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { generateDataset } from "../../lib/dev/generate-dataset";
import { listReleases } from "../../lib/releases/list-releases";
import { seedDemo } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";

/**
 * The release list and the auditor's archive share listReleases. Its filters
 * are checked against counts computed here with plain SQL over a generated
 * history (staging/production pairs, signed, deployed, rolled back).
 */
const context = setupTestDatabase();

const OPEN = ["draft", "in_progress", "awaiting_signoff", "approved"];

async function releaseIdsSignedBy(where: string, value: string): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT DISTINCT release_id::text AS id FROM signoffs WHERE ${where}`, value);
  return new Set(rows.map((row) => row.id));
}

describe("listReleases", () => {
  beforeAll(async () => {
    await seedDemo("list-releases-demo-password");
    await generateDataset({ url: context.database.appUrl, releases: 60, events: 3000, seed: 11, batchSize: 30 });
  }, 120_000);

  it("filters by sign-off role: every release with a signature for the role, counted exactly", async () => {
    const expected = await releaseIdsSignedBy("role = $1", "QA Lead");
    expect(expected.size).toBeGreaterThan(0);
    const result = await listReleases({ role: "QA Lead", pageSize: 100 }, "system");
    expect(result.total).toBe(expected.size);
    expect(new Set(result.releases.map((release) => release.id))).toEqual(expected);
  });

  it("filters by signer: a case-insensitive part of the printed name", async () => {
    const [first] = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT printed_name AS name FROM signoffs ORDER BY printed_name LIMIT 1`);
    const part = first!.name.slice(1, 5).toUpperCase();
    const expected = await releaseIdsSignedBy("printed_name ILIKE '%' || $1 || '%'", part);
    const result = await listReleases({ signer: part, pageSize: 100 }, "system");
    expect(result.total).toBe(expected.size);
    expect(new Set(result.releases.map((release) => release.id))).toEqual(expected);
    expect(await listReleases({ signer: "nobody-signed-as-this" }, "system")).toMatchObject({ total: 0, releases: [] });
  });

  it("combines filters, and pages open releases first, newest first within each group, without gaps or repeats", async () => {
    const combined = await listReleases({ environment: "production", role: "SRE Lead", pageSize: 100 }, "system");
    for (const release of combined.releases) expect(release.environment.key).toBe("production");
    expect(combined.total).toBe(combined.releases.length);

    const all = await db.release.count();
    const pages = [];
    for (let page = 1; page <= Math.ceil(all / 7); page++) pages.push(...(await listReleases({ page, pageSize: 7 }, "system")).releases);
    expect(pages).toHaveLength(all);
    expect(new Set(pages.map((release) => release.id)).size).toBe(all);
    const firstClosed = pages.findIndex((release) => !OPEN.includes(release.status));
    expect(pages.slice(firstClosed).every((release) => !OPEN.includes(release.status))).toBe(true);
    const closed = pages.slice(firstClosed).map((release) => release.createdAt.getTime());
    expect(closed).toEqual([...closed].sort((a, b) => b - a));
  });

  it("refuses a hostile or malformed filter with the field named, before any query", async () => {
    await expect(listReleases({ role: "x".repeat(61) }, "system")).rejects.toThrow(/role/);
    await expect(listReleases({ environment: "<script>" }, "system")).rejects.toThrow(/Unknown environment/);
    await expect(listReleases({ page: "0" as never }, "system")).rejects.toThrow(/page/);
  });
});
