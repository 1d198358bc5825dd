import { beforeAll, describe, expect, it } from "vitest";
import type { AuditContext } from "../../lib/audit/actor";
import { releaseTimeline, releaseTimelineView } from "../../lib/audit/release-history";
import { actorKey, TIMELINE_PAGE_ROWS } from "../../lib/audit/timeline";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, requiredOnlyChecklist } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * The archive timeline of a 1,000-item release a CI token ticked (issue 17):
 * filtered in the query, grouped, paged, and only the page's rows made into
 * sentences. The SQL actor key and the TypeScript one agree.
 */

setupTestDatabase();

const ITEMS = 1_000;
const ALTERNATING = 120;
let releaseId: string;
let bot: AuditContext;
let max: AuditContext;

beforeAll(async () => {
  const botUser = await createTestUser({ name: "Build Bot" });
  const maxUser = await createTestUser({ name: "Max Member" });
  bot = { ...testContext(botUser.id), actor: { kind: "user", id: botUser.id, name: "Build Bot", tokenId: "ci-token" } };
  max = { ...testContext(maxUser.id), actor: { ...testContext(maxUser.id).actor, name: "Max Member" } };
  const templateId = await importMarkdownTemplate(requiredOnlyChecklist(ITEMS), "Timeline");
  releaseId = (await createRelease(max, { templateId, version: randomVersion(), environment: "staging" })).id;
  const items = await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } });
  // CI ticks most of the checklist in one run; then the member and CI take turns (each change a row of its own).
  for (const [index, item] of items.entries()) {
    const context = index < ITEMS - ALTERNATING ? bot : index % 2 === 0 ? max : bot;
    await setItemState(context, { releaseId, itemKey: item.itemKey, status: "done", expectedVersion: 0 });
  }
}, 300_000);

describe("releaseTimelineView on a 1,000-item release ticked by CI", () => {
  it("pages rows, groups the CI run without its events until opened, and names each actor once", async () => {
    const started = performance.now();
    const view = await releaseTimelineView(releaseId);
    const elapsed = performance.now() - started;
    console.log(`[timeline] ${view.total} events -> ${view.rows.length} rows on page 1 of ${view.pages} in ${elapsed.toFixed(0)} ms`);
    expect(view.total).toBeGreaterThan(ITEMS);
    expect(view.head).toBe(view.total);
    expect(view.matching).toBe(view.total);
    expect(view.pages).toBe(2);
    expect(view.rows).toHaveLength(TIMELINE_PAGE_ROWS);
    const group = view.rows.find((row) => row.kind === "group");
    expect(group).toMatchObject({ kind: "group", actorName: "Build Bot via API token", allTicks: true, events: null });
    expect(group!.kind === "group" && group!.count).toBeGreaterThan(ITEMS - ALTERNATING - 2);
    // The actors: the creator first; the token's changes are the bot's via its token. The query's key is actorKey's.
    expect(view.actors.map((actor) => actor.name)).toEqual(["Max Member", "Build Bot via API token"]);
    expect(view.actors.map((actor) => actor.key)).toEqual([actorKey(max.actor), actorKey(bot.actor)]);
  });

  it("opens a group with each of its changes, and shows the page holding an as-of moment", async () => {
    const first = await releaseTimelineView(releaseId);
    const group = first.rows.find((row) => row.kind === "group")!;
    if (group.kind !== "group") throw new Error("no group");
    const opened = await releaseTimelineView(releaseId, { open: group.firstSeq });
    const same = opened.rows.find((row) => row.kind === "group" && row.firstSeq === group.firstSeq);
    expect(same?.kind === "group" && same.events?.length).toBe(group.count);
    expect(same?.kind === "group" && same.events?.[0]?.sentence).toMatch(/^Build Bot .*ticked/);

    const last = await releaseTimelineView(releaseId, { asOf: first.head });
    expect(last.page).toBe(2);
    expect(last.rows.at(-1)).toMatchObject({ kind: "event", event: { seq: first.head } });
    // A page past the last is the last.
    expect((await releaseTimelineView(releaseId, { page: 99 })).page).toBe(2);
  });

  it("filters by kind and by actor in the query, grouping what remains", async () => {
    const status = await releaseTimelineView(releaseId, { kind: "status" });
    expect(status.rows.map((row) => row.kind === "event" && row.event.type)).toEqual(["release.created", "release.status_changed", "release.status_changed"]);
    expect(status.matching).toBe(3);
    expect(status.total).toBeGreaterThan(ITEMS);

    const byMax = await releaseTimelineView(releaseId, { actor: actorKey(max.actor) });
    // The release's creation and the member's ticks (each between two of CI's, so never a run).
    expect(byMax.matching).toBe(1 + ALTERNATING / 2);
    const byBot = await releaseTimelineView(releaseId, { kind: "items", actor: actorKey(bot.actor) });
    expect(byBot.matching).toBe(ITEMS - ALTERNATING / 2);
    // Without the member's ticks between them, all of CI's ticks within the minute are one run.
    expect(byBot.rows.every((row) => row.kind === "group")).toBe(true);

    // The same answer as filtering every event in memory.
    const all = await releaseTimeline(releaseId);
    expect(byMax.matching).toBe(all.filter((event) => actorKey(event.actor) === actorKey(max.actor)).length);
    expect((await releaseTimelineView(releaseId, { actor: "user:nobody" })).matching).toBe(0);
  });
});
