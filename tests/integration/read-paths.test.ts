import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { generateDataset } from "../../lib/dev/generate-dataset";
import { getRelease } from "../../lib/releases/get-release";
import { listReleaseItems } from "../../lib/releases/list-release-items";
import { listReleases, listReleasesQuery, listReleasesSchema } from "../../lib/releases/list-releases";
import { seedDemo } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { statementsDuring } from "../support/statements";

/**
 * The read paths of ADR 019: the release list (API, pages, archive) and a
 * release with its items are one statement each, open-first order comes off
 * the expression index, and the answers are what the filters and the stored
 * rows say.
 */
const context = setupTestDatabase();

describe("release read paths", () => {
  beforeAll(async () => {
    await seedDemo("read-paths-demo-password");
    await generateDataset({ url: context.database.appUrl, releases: 40, events: 2000, seed: 19, batchSize: 20 });
  }, 120_000);

  it("lists a page with its total, environment and template names in one statement, for every filter", async () => {
    for (const filters of [{}, { environment: "production", status: "deployed" as const }, { role: "QA Lead", signer: "a", page: 2, pageSize: 5 }]) {
      let result: Awaited<ReturnType<typeof listReleases>> | undefined;
      const sent = await statementsDuring(async () => (result = await listReleases(filters, "system")));
      expect(sent).toHaveLength(1);
      for (const release of result!.releases) {
        expect(release.templateName).not.toBe("");
        expect(release.environment.name).not.toBe("");
      }
    }
  });

  it("gives the same totals and pages as the stored rows, for each filter", async () => {
    const cases: { filters: Parameters<typeof listReleases>[0]; where: string; values: unknown[] }[] = [
      { filters: {}, where: "true", values: [] },
      { filters: { environment: "staging" }, where: "e.key = $1", values: ["staging"] },
      { filters: { status: "deployed" }, where: "r.status = 'deployed'", values: [] },
      { filters: { role: "QA Lead" }, where: "EXISTS (SELECT 1 FROM signoffs s WHERE s.release_id = r.id AND s.role = $1)", values: ["QA Lead"] },
    ];
    for (const { filters, where, values } of cases) {
      const expected = await db.$queryRawUnsafe<{ id: string; closed: boolean }[]>(
        `SELECT r.id::text, r.status NOT IN ('draft', 'in_progress', 'awaiting_signoff', 'approved') AS closed
         FROM releases r JOIN environments e ON e.id = r.environment_id WHERE ${where}
         ORDER BY 2, r.created_at DESC, r.id DESC`,
        ...values,
      );
      const first = await listReleases({ ...filters, pageSize: 7 }, "system");
      expect(first.total).toBe(expected.length);
      expect(first.releases.map((release) => release.id)).toEqual(expected.slice(0, 7).map((row) => row.id));
    }
  });

  it("answers a page past the end with the total and no rows", async () => {
    const all = await db.release.count();
    const past = await listReleases({ page: Math.ceil(all / 10) + 1, pageSize: 10 }, "system");
    expect(past).toMatchObject({ total: all, releases: [] });
  });

  it("matches %, _ and \\ in the version and signer filters literally", async () => {
    expect((await listReleases({}, "system")).total).toBeGreaterThan(0);
    expect(await listReleases({ version: "%" }, "system")).toMatchObject({ total: 0, releases: [] });
    expect(await listReleases({ version: "_" }, "system")).toMatchObject({ total: 0, releases: [] });
    expect(await listReleases({ signer: "%" }, "system")).toMatchObject({ total: 0, releases: [] });
    expect(await listReleases({ signer: "\\" }, "system")).toMatchObject({ total: 0, releases: [] });
  });

  it("reads the open-first order off releases_open_first_idx (the migration's expression matches the query's)", async () => {
    const { text, values } = listReleasesQuery(listReleasesSchema.parse({}), "system");
    const client = new pg.Client({ connectionString: context.database.appUrl });
    await client.connect();
    try {
      // With sorting and sequential scans priced out, only an index in the query's exact order serves it.
      await client.query("SET enable_sort = off");
      await client.query("SET enable_seqscan = off");
      const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, values)).rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).toContain("releases_open_first_idx");
    } finally {
      await client.end();
    }
  });

  it("reads a release with its environment, template and item states in one statement, states exactly as stored", async () => {
    const [touched] = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT release_id::text AS id FROM item_states WHERE version > 0 AND updated_at IS NOT NULL GROUP BY release_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const releaseId = touched!.id;
    await getRelease(releaseId, "system"); // the template document is cached for the process after its first read
    let view: Awaited<ReturnType<typeof getRelease>> | undefined;
    expect(await statementsDuring(async () => (view = await getRelease(releaseId, "system")))).toHaveLength(1);

    const row = await db.release.findUniqueOrThrow({ where: { id: releaseId }, include: { environment: true, items: true } });
    const version = await db.templateVersion.findUniqueOrThrow({ where: { id: row.templateVersionId }, include: { template: true } });
    expect(view).toMatchObject({
      id: releaseId,
      status: row.status,
      environment: { key: row.environment.key, name: row.environment.name },
      template: { id: version.template.id, name: version.template.name, version: version.version },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      progress: { itemsTotal: row.itemsTotal, itemsDone: row.itemsDone, requiredOpen: row.requiredOpen, blockedCount: row.blockedCount },
    });
    const stored = new Map(
      row.items.map((item) => [
        item.itemKey,
        {
          itemKey: item.itemKey,
          status: item.status,
          reason: item.reason,
          note: item.note,
          evidenceLinks: item.evidenceLinks,
          assigneeId: item.assigneeId,
          updatedByName: item.updatedByName,
          updatedAt: item.updatedAt?.toISOString() ?? null,
          version: item.version,
        },
      ]),
    );
    const items = await listReleaseItems(releaseId, "system");
    expect(items.length).toBe(row.items.length);
    expect(items.some((item) => item.state.updatedAt !== null)).toBe(true);
    for (const item of items) expect(item.state).toEqual(stored.get(item.key));
  });

  it("answers an unknown or malformed release id with NOT_FOUND", async () => {
    await expect(getRelease("00000000-0000-4000-8000-000000000000", "system")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRelease("------------------------------------", "system")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
