import { useCallback, useMemo, useSyncExternalStore } from "react";
import { isSettled } from "@/lib/releases/release-status";
import type { ReleaseSectionView } from "@/lib/releases/get-release";
import type { ItemStateView } from "@/lib/releases/set-item-state";
import { afterNextPaint } from "./after-next-paint";

export type ItemMap = Record<string, ItemStateView>;
export type Counts = { done: number; total: number; blocked: number; requiredOpen: number };


type Listener = () => void;

/**
 * The item states of one release page, outside React state, so that a tick
 * re-renders only the rows (and counters) it changes: each row subscribes to
 * its own item, and counters to the store's revision.
 *
 * Two layers: the newest confirmed state of each item (server render, live
 * stream, our own saves; versions only grow) and this browser's pending
 * changes, shown over them until their save ends.
 *
 * An item's own subscribers hear of its change at once; the others
 * (counters, filters, the sign-off panel) once per batch of changes, after
 * the next paint (ADR 020). A tick the browser already shows (the native
 * checkbox toggled itself) tells its row after that paint too, so the
 * interaction is the browser's own toggle and nothing of React's
 * (docs/decisions/028).
 */
export class ItemStore {
  private confirmed = new Map<string, ItemStateView>();
  private pending = new Map<string, ItemStateView>();
  private keyListeners = new Map<string, Set<Listener>>();
  private listeners = new Set<Listener>();
  private notifyScheduled = false;
  /** Items whose rows hear of their change with the next batch (shown by the browser already). */
  private keysLater = new Set<string>();
  /** Grows with every change anyone can see; counters cache on it. */
  revision = 0;
  /** The sum of the confirmed item versions: it changes whenever any item changes on the server (versions only grow). */
  checklistRevision = 0;

  /** `schedule` runs the store-wide notification later (default: after the next paint). */
  constructor(
    initial: ItemStateView[],
    private readonly schedule: (notify: () => void) => void = afterNextPaint,
  ) {
    this.accept(initial);
  }

  get(key: string): ItemStateView | undefined {
    return this.pending.get(key) ?? this.confirmed.get(key);
  }

  /** The newest confirmed version of an item, which the next save is based on. */
  versionOf(key: string): number {
    return this.confirmed.get(key)?.version ?? 0;
  }

  /** Takes confirmed states from anywhere; those not newer than what we have are ignored. */
  accept(incoming: ItemStateView[]): void {
    const changed: string[] = [];
    for (const item of incoming) {
      const have = this.confirmed.get(item.itemKey);
      if (have && have.version >= item.version) continue;
      this.confirmed.set(item.itemKey, item);
      this.checklistRevision += item.version - (have?.version ?? 0);
      changed.push(item.itemKey);
    }
    this.emit(changed);
  }

  /**
   * Shows a change before the server confirms it: at once, or, with
   * `shownByBrowser` (a native checkbox already shows the tick), its row
   * re-renders after the next paint, with the counters.
   */
  setPending(key: string, change: Partial<ItemStateView>, options: { shownByBrowser?: boolean } = {}): void {
    const base = this.get(key);
    if (!base) return;
    this.pending.set(key, { ...base, ...change });
    this.emit([key], options.shownByBrowser);
  }

  /** The save ended (confirmed or refused): show the confirmed state again. */
  clearPending(key: string): void {
    if (this.pending.delete(key)) this.emit([key]);
  }

  subscribeKey(key: string, listener: Listener): () => void {
    let set = this.keyListeners.get(key);
    if (!set) this.keyListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(keys: string[], keysLater = false): void {
    if (keys.length === 0) return;
    this.revision += 1;
    if (keysLater) for (const key of keys) this.keysLater.add(key);
    else for (const key of keys) for (const listener of this.keyListeners.get(key) ?? []) listener();
    if (this.notifyScheduled || (this.listeners.size === 0 && this.keysLater.size === 0)) return;
    this.notifyScheduled = true;
    this.schedule(() => {
      this.notifyScheduled = false;
      const later = [...this.keysLater];
      this.keysLater.clear();
      for (const key of later) for (const listener of this.keyListeners.get(key) ?? []) listener();
      for (const listener of this.listeners) listener();
    });
  }
}

export const sectionItems = (section: ReleaseSectionView) => section.subsections.flatMap((subsection) => subsection.items);

/** The first item after `afterKey` (in page order, wrapping around) that is not done or N/A, with its section. */
export function nextOpenItem(sections: ReleaseSectionView[], store: Pick<ItemStore, "get">, afterKey?: string): { sectionKey: string; itemKey: string } | null {
  const all = sections.flatMap((section) => sectionItems(section).map((item) => ({ sectionKey: section.key, item })));
  const start = afterKey ? all.findIndex((entry) => entry.item.key === afterKey) + 1 : 0;
  for (let offset = 0; offset < all.length; offset += 1) {
    const entry = all[(start + offset) % all.length]!;
    if (!isSettled((store.get(entry.item.key) ?? entry.item.state).status)) return { sectionKey: entry.sectionKey, itemKey: entry.item.key };
  }
  return null;
}

/** Counts of a list of items in their current states. */
export function countItems(items: readonly { key: string; required: boolean }[], store: Pick<ItemStore, "get">): Counts {
  const counts: Counts = { done: 0, total: items.length, blocked: 0, requiredOpen: 0 };
  for (const item of items) {
    const status = store.get(item.key)?.status ?? "open";
    if (isSettled(status)) counts.done += 1;
    else if (item.required) counts.requiredOpen += 1;
    if (status === "blocked") counts.blocked += 1;
  }
  return counts;
}

/** Re-renders the caller whenever anything in the store changes, and returns the store's revision. */
export function useStoreRevision(store: ItemStore, enabled = true): number {
  return useSyncExternalStore(
    useCallback((listener: () => void) => (enabled ? store.subscribe(listener) : () => undefined), [store, enabled]),
    () => (enabled ? store.revision : 0),
    () => 0,
  );
}

/** One item's current state; the caller re-renders only when that item changes. */
export function useItemState(store: ItemStore, key: string): ItemStateView | undefined {
  return useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribeKey(key, listener), [store, key]),
    () => store.get(key),
    () => store.get(key),
  );
}

/** Live counts of a list of items; the caller re-renders only when the counts change. */
export function useCounts(store: ItemStore, items: readonly { key: string; required: boolean }[]): Counts {
  const text = useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribe(listener), [store]),
    () => encode(countItems(items, store)),
    () => encode(countItems(items, store)),
  );
  return useMemo(() => decode(text), [text]);
}

const encode = (counts: Counts) => `${counts.done}/${counts.total}/${counts.blocked}/${counts.requiredOpen}`;
function decode(text: string): Counts {
  const [done = 0, total = 0, blocked = 0, requiredOpen = 0] = text.split("/").map(Number);
  return { done, total, blocked, requiredOpen };
}

/** The sum of the confirmed item versions (changes when the server confirms any change), for the sign-off dialog. */
export function useChecklistRevision(store: ItemStore): number {
  return useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribe(listener), [store]),
    () => store.checklistRevision,
    () => store.checklistRevision,
  );
}
