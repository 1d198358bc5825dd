import { describe, expect, it } from "vitest";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { generateDataset, GenerateError } from "../../lib/dev/generate-dataset";
import { getRelease } from "../../lib/releases/get-release";
import { contentHash, coveredItemKeys } from "../../lib/signoffs/coverage";
import { seedDemo } from "../../lib/seed/seed-demo";
import { signoffRoleNames, templateDocumentSchema } from "../../lib/templates/document";
import { setupTestDatabase } from "../support/database";
import { tempCheckpoints } from "../support/audit";

const context = setupTestDatabase();

describe("countersign dev generate", () => {
  it("refuses nonsense sizes before writing anything", async () => {
    await expect(generateDataset({ url: context.database.appUrl, releases: 0, events: 10 })).rejects.toBeInstanceOf(GenerateError);
    await expect(generateDataset({ url: context.database.appUrl, releases: 5, events: -1 })).rejects.toThrow(/--events/);
    expect(await db.release.count()).toBe(0);
  });

  it("needs the seed's users and template", async () => {
    await expect(generateDataset({ url: context.database.appUrl, releases: 2, events: 10 })).rejects.toThrow(/db seed/);
  });

  it("writes releases whose states, sign-offs and audit chains agree, with at least the events asked for", async () => {
    await seedDemo("generated-demo-password");
    const before = await db.auditEvent.count();
    const result = await generateDataset({ url: context.database.appUrl, releases: 40, events: 6000, seed: 7, batchSize: 15 });

    expect(result.releases).toBe(40);
    expect(await db.release.count()).toBe(40);
    expect(await db.itemState.count()).toBe(result.itemStates);
    expect(await db.auditEvent.count()).toBe(before + result.events);
    expect(result.events).toBeGreaterThanOrEqual(6000);

    // Every chain verifies with the app's own verifier.
    const checkpoints = await tempCheckpoints();
    try {
      const report = await verifyTrail({ checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
      expect(report.status).toBe("intact");
      expect(report.events).toBe(before + result.events);
    } finally {
      await checkpoints.cleanup();
    }

    // A mix of outcomes, as a real history has.
    const statuses = new Set((await db.release.findMany({ select: { status: true } })).map((release) => release.status));
    expect(statuses.has("deployed")).toBe(true);
    expect([...statuses].some((status) => ["draft", "in_progress", "awaiting_signoff"].includes(status))).toBe(true);

    // Each item's version equals its number of item.updated events, and its state the last event's "after".
    const release = await db.release.findFirstOrThrow({ where: { status: "deployed" }, select: { id: true, version: true, templateVersionId: true } });
    const events = await db.auditEvent.findMany({ where: { chain: `release:${release.id}`, type: "item.updated" }, orderBy: { seq: "asc" } });
    const items = await db.itemState.findMany({ where: { releaseId: release.id } });
    for (const item of items) {
      const mine = events.filter((event) => (event.data as { itemKey: string }).itemKey === item.itemKey);
      expect(item.version).toBe(mine.length);
      const last = mine.at(-1)?.data as { after: { status: string; note: string | null } } | undefined;
      if (last) expect({ status: item.status, note: item.note }).toEqual({ status: last.after.status, note: last.after.note });
    }

    // Its sign-offs are live, one per template role, and their hashes match exactly what they cover.
    const version = await db.templateVersion.findUniqueOrThrow({ where: { id: release.templateVersionId }, select: { document: true } });
    const document = templateDocumentSchema.parse(version.document);
    const signoffs = await db.signoff.findMany({ where: { releaseId: release.id } });
    expect(signoffs.map((signoff) => signoff.role).sort()).toEqual([...signoffRoleNames(document)].sort());
    const view = await getRelease(release.id, "system");
    expect(view.status).toBe("deployed");
    for (const signoff of signoffs) {
      const keys = coveredItemKeys(document, signoff.role, new Set(items.map((item) => item.itemKey)));
      const covered = items.filter((item) => keys.includes(item.itemKey));
      const environment = await db.release.findUniqueOrThrow({ where: { id: release.id }, select: { environment: { select: { key: true } } } });
      expect(signoff.contentHash).toBe(
        contentHash({
          release: { id: release.id, version: release.version, environment: environment.environment.key, templateVersionId: release.templateVersionId },
          role: signoff.role,
          items: covered.map((item) => ({ key: item.itemKey, status: item.status, reason: item.reason, note: item.note, evidenceLinks: item.evidenceLinks })),
        }),
      );
    }
  });
});
