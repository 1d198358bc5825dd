import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../../lib/audit/release-history";
import { actorKey, actorName, filterTimeline, groupTimeline, pageOfRows, timelineActors } from "../../lib/audit/timeline";

const BOT = { kind: "user" as const, id: "bot", name: "Build Bot", tokenId: "t1" };
const MAX = { kind: "user" as const, id: "max", name: "Max Member" };
let seq = 0;
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 6, 9, 26, 0) + seconds * 1000).toISOString();
function event(actor: TimelineEvent["actor"], seconds: number, type = "item.updated", itemStatus: string | undefined = "done"): TimelineEvent {
  seq += 1;
  return { seq, type, occurredAt: at(seconds), actor, sentence: `event ${seq}`, hash: `h${seq}`, ...(type === "item.updated" && itemStatus ? { itemStatus } : {}) };
}
const shape = (rows: ReturnType<typeof groupTimeline>) => rows.map((row) => (row.kind === "event" ? row.event.seq : row.events.map((entry) => entry.seq)));

describe("groupTimeline", () => {
  it("groups 100 ticks by one actor within a minute into one row with its first and last time", () => {
    seq = 0;
    const created = event(MAX, 0, "release.created");
    const ticks = Array.from({ length: 100 }, (_, index) => event(BOT, 13 + index * 0.02));
    const signed = event(MAX, 90, "signoff.signed");
    const rows = groupTimeline([created, ...ticks, signed]);
    expect(rows).toHaveLength(3);
    const group = rows[1]!;
    expect(group.kind).toBe("group");
    if (group.kind !== "group") return;
    expect(group.events).toHaveLength(100);
    expect(group.actorName).toBe("Build Bot via API token");
    expect(group.allTicks).toBe(true);
    expect(group.from).toBe(at(13));
    expect(group.to).toBe(ticks[99]!.occurredAt);
  });

  it("keeps fewer than three changes as separate rows", () => {
    seq = 0;
    const events = [event(MAX, 0), event(MAX, 1)];
    expect(shape(groupTimeline(events))).toEqual([1, 2]);
  });

  it("breaks a run at another actor, at another kind of event, and after a minute from its first event", () => {
    seq = 0;
    const events = [
      event(BOT, 0), event(BOT, 1), event(BOT, 2), // 1-3: a group
      event(MAX, 3), // 4: another actor
      event(BOT, 4), event(BOT, 5), event(BOT, 6), // 5-7: a group
      event(MAX, 7, "release.status_changed"), // 8
      event(BOT, 10), event(BOT, 40), event(BOT, 70), event(BOT, 71), // 9-11 within 60 s of 9; 12 starts over
    ];
    expect(shape(groupTimeline(events))).toEqual([[1, 2, 3], 4, [5, 6, 7], 8, [9, 10, 11], 12]);
  });

  it("says changed rather than ticked when the group holds other item changes", () => {
    seq = 0;
    const rows = groupTimeline([event(BOT, 0), event(BOT, 1, "item.updated", "na"), event(BOT, 2, "item.updated", undefined)]);
    expect(rows[0]).toMatchObject({ kind: "group", allTicks: false });
  });
});

describe("filterTimeline and timelineActors", () => {
  it("filters by kind and by actor, and lists each actor once", () => {
    seq = 0;
    const events = [event(MAX, 0, "release.created"), event(BOT, 1), event(MAX, 2), event(MAX, 3, "signoff.signed")];
    expect(filterTimeline(events, { kind: "items" }).map((entry) => entry.seq)).toEqual([2, 3]);
    expect(filterTimeline(events, { kind: "signoffs" }).map((entry) => entry.seq)).toEqual([4]);
    const actors = timelineActors(events);
    expect(actors.map((actor) => actor.name)).toEqual(["Max Member", "Build Bot via API token"]);
    expect(filterTimeline(events, { actor: actors[1]!.key }).map((entry) => entry.seq)).toEqual([2]);
    expect(filterTimeline(events, { kind: "items", actor: actors[0]!.key }).map((entry) => entry.seq)).toEqual([3]);
    expect(filterTimeline(events, {})).toHaveLength(4);
  });
});

describe("pageOfRows", () => {
  const rows = (count: number) => groupTimeline(Array.from({ length: count }, (_, index) => event(index % 2 ? BOT : MAX, index)));
  it("cuts rows into pages, clamps a page past the last, and finds the page holding an event", () => {
    seq = 0;
    const all = rows(250);
    expect(all).toHaveLength(250);
    expect(pageOfRows(all, {})).toMatchObject({ page: 1, pages: 3 });
    expect(pageOfRows(all, {}).rows).toHaveLength(100);
    expect(pageOfRows(all, { page: 3 }).rows.map((row) => row.kind === "event" && row.event.seq)).toEqual(Array.from({ length: 50 }, (_, index) => 201 + index));
    expect(pageOfRows(all, { page: 9 }).page).toBe(3);
    expect(pageOfRows(all, { page: 0 }).page).toBe(1);
    expect(pageOfRows(all, { near: 150 }).page).toBe(2);
    expect(pageOfRows(all, { near: 9999 }).page).toBe(1);
    expect(pageOfRows(all, { page: 1, near: 150 }).page).toBe(1);
    expect(pageOfRows([], {})).toEqual({ rows: [], page: 1, pages: 1 });
  });

  it("counts a group as one row and finds an event inside it", () => {
    seq = 0;
    const grouped = groupTimeline([event(MAX, 0, "release.created"), ...Array.from({ length: 30 }, (_, index) => event(BOT, 1 + index))]);
    expect(grouped).toHaveLength(2);
    expect(pageOfRows(grouped, { near: 20, perPage: 1 })).toMatchObject({ page: 2, pages: 2 });
  });
});

describe("actorKey", () => {
  it("tells a person from the same person with a token, and names the token", () => {
    expect(actorKey(BOT)).toBe("user:bot:t1");
    expect(actorKey({ ...BOT, tokenId: undefined })).toBe("user:bot");
    expect(actorKey({ kind: "system", name: "start-up" })).toBe("system:start-up");
    expect(actorName(BOT)).toBe("Build Bot via API token");
  });
});
