import { describe, expect, it } from "vitest";
import type { ReleaseSectionView } from "../../lib/releases/get-release";
import type { ItemStateView } from "../../lib/releases/set-item-state";
import { countItems, ItemStore, nextOpenItem } from "../../components/releases/item-store";
import { defaultOpenSections, openSectionsFor, RENDER_BUDGET } from "../../lib/releases/open-sections";

const state = (itemKey: string, status: ItemStateView["status"] = "open", version = 1): ItemStateView => ({
  itemKey,
  status,
  reason: null,
  note: null,
  evidenceLinks: [],
  assigneeId: null,
  updatedByName: null,
  updatedAt: null,
  version,
});

/** A section of `count` items, keys `<key>-0`…, the given ones done. */
function section(key: string, count: number, done: number[] = []): ReleaseSectionView {
  const items = Array.from({ length: count }, (_, index) => ({
    key: `${key}-${index}`,
    title: `Item ${index}`,
    required: true,
    state: state(`${key}-${index}`, done.includes(index) ? "done" : "open"),
  }));
  return { key, kind: "checklist", title: key, subsections: [{ key: `${key}-sub`, title: "", items }] };
}

describe("ItemStore", () => {
  it("shows a pending change over the confirmed state until cleared, and notifies only that item's subscribers", () => {
    const store = new ItemStore([state("a"), state("b")]);
    const heard: string[] = [];
    store.subscribeKey("a", () => heard.push("a"));
    store.subscribeKey("b", () => heard.push("b"));
    store.setPending("a", { status: "done" });
    expect(store.get("a")?.status).toBe("done");
    expect(store.versionOf("a")).toBe(1);
    expect(heard).toEqual(["a"]);
    store.clearPending("a");
    expect(store.get("a")?.status).toBe("open");
    expect(heard).toEqual(["a", "a"]);
  });

  it("tells the store-wide subscribers (counters) once per batch of changes, when the scheduler runs, with the newest state", () => {
    const later: (() => void)[] = [];
    const store = new ItemStore([state("a"), state("b")], (notify) => later.push(notify));
    const heard: string[] = [];
    store.subscribe(() => heard.push(`all:${store.get("a")?.status}/${store.get("b")?.status}`));
    store.subscribeKey("a", () => heard.push("a"));
    store.setPending("a", { status: "done" });
    store.accept([state("b", "done", 2)]);
    // The row hears at once; the counters have not yet.
    expect(heard).toEqual(["a"]);
    expect(later).toHaveLength(1);
    later.shift()!();
    expect(heard).toEqual(["a", "all:done/done"]);
    // A later change schedules a new notification.
    store.clearPending("a");
    expect(later).toHaveLength(1);
    later.shift()!();
    expect(heard).toEqual(["a", "all:done/done", "a", "all:open/done"]);
  });

  it("tells a row of a tick the browser already shows after the next paint, with the counters", () => {
    const later: (() => void)[] = [];
    const store = new ItemStore([state("a"), state("b")], (notify) => later.push(notify));
    const heard: string[] = [];
    store.subscribeKey("a", () => heard.push(`a:${store.get("a")?.status}`));
    store.subscribe(() => heard.push("all"));
    store.setPending("a", { status: "done" }, { shownByBrowser: true });
    // The state is there for anyone who reads it; the row re-renders only once the tick is painted.
    expect(store.get("a")?.status).toBe("done");
    expect(heard).toEqual([]);
    expect(later).toHaveLength(1);
    later.shift()!();
    expect(heard).toEqual(["a:done", "all"]);
    // A refusal rolls the row back at once.
    store.clearPending("a");
    expect(heard).toEqual(["a:done", "all", "a:open"]);
  });

  it("keeps the newest version of each item and sums confirmed versions", () => {
    const store = new ItemStore([state("a", "open", 3)]);
    store.accept([state("a", "done", 2)]);
    expect(store.get("a")?.status).toBe("open");
    expect(store.checklistRevision).toBe(3);
    const before = store.revision;
    store.accept([state("a", "done", 4)]);
    expect(store.get("a")?.status).toBe("done");
    expect(store.checklistRevision).toBe(4);
    expect(store.revision).toBe(before + 1);
  });

  it("counts done and N/A as settled, required open, and blocked", () => {
    const store = new ItemStore([state("a", "done"), state("b", "na"), state("c", "blocked"), state("d")]);
    const items = [
      { key: "a", required: true },
      { key: "b", required: true },
      { key: "c", required: true },
      { key: "d", required: false },
    ];
    expect(countItems(items, store)).toEqual({ done: 2, total: 4, blocked: 1, requiredOpen: 1 });
  });
});

describe("nextOpenItem", () => {
  it("finds the next unsettled item after the given one, across sections, wrapping around", () => {
    const sections = [section("s1", 3, [0]), section("s2", 2, [0, 1]), section("s3", 2)];
    const store = new ItemStore(sections.flatMap((entry) => entry.subsections[0]!.items.map((item) => item.state)));
    expect(nextOpenItem(sections, store)).toEqual({ sectionKey: "s1", itemKey: "s1-1" });
    expect(nextOpenItem(sections, store, "s1-2")).toEqual({ sectionKey: "s3", itemKey: "s3-0" });
    expect(nextOpenItem(sections, store, "s3-1")).toEqual({ sectionKey: "s1", itemKey: "s1-1" });
    store.setPending("s1-1", { status: "done" });
    expect(nextOpenItem(sections, store)).toEqual({ sectionKey: "s1", itemKey: "s1-2" });
  });

  it("answers null when every item is done or N/A", () => {
    const sections = [section("s1", 2, [0, 1])];
    expect(nextOpenItem(sections, new ItemStore(sections[0]!.subsections[0]!.items.map((item) => item.state)))).toBeNull();
  });
});

describe("defaultOpenSections", () => {
  it("opens unfinished sections in order within the render budget, always the first unfinished one", () => {
    const finished = section("done", 5, [0, 1, 2, 3, 4]);
    const big = section("big", RENDER_BUDGET + 10);
    const small = section("small", 5);
    expect(defaultOpenSections([finished, big, small])).toEqual({ done: false, big: true, small: false });
    expect(defaultOpenSections([small, section("next", RENDER_BUDGET - 5), section("over", 1)])).toEqual({ small: true, next: true, over: false });
  });
});

describe("openSectionsFor", () => {
  it("lays the user's choices over the default, ignoring choices for sections the page does not have", () => {
    const sections = [section("done", 2, [0, 1]), section("big", RENDER_BUDGET + 10), section("small", 5)];
    expect(openSectionsFor(sections, {})).toEqual({ done: false, big: true, small: false });
    expect(openSectionsFor(sections, { done: true, big: false, gone: true })).toEqual({ done: true, big: false, small: false });
  });
});

