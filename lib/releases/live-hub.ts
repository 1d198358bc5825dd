import "server-only";
import { listener } from "../db/listener";
import { db } from "../db/client";
import { type ReleaseChange, RELEASE_CHANNEL } from "./notify";
import { getItemStates } from "./get-release";
import type { ItemStateView, ReleaseProgress } from "./set-item-state";

/**
 * Fans PostgreSQL notifications out to the browsers connected to this
 * instance. Each change is read from the database once per instance, not
 * once per browser.
 */

export type LiveMessage =
  | { type: "item"; item: ItemStateView; release: ReleaseProgress }
  | { type: "release"; release: ReleaseProgress }
  | { type: "resync" };

type Subscriber = (message: LiveMessage) => void;

const globalForHub = globalThis as unknown as { countersignHub?: Hub };

class Hub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  /** Told of every release change (its id and kind) and of reconnects (null), before any reading: e.g. the deployment gate's stream. */
  private readonly watchers = new Set<(change: ReleaseChange | null) => void>();
  private started?: Promise<void>;

  private start(): Promise<void> {
    this.started ??= (async () => {
      await listener().subscribe(RELEASE_CHANNEL, (payload) => void this.dispatch(payload));
      // After a database restart, notifications may have been lost: tell browsers to re-read.
      listener().onReconnect(() => {
        for (const watcher of this.watchers) watcher(null);
        for (const set of this.subscribers.values()) for (const subscriber of set) subscriber({ type: "resync" });
      });
    })();
    return this.started;
  }

  async subscribe(releaseId: string, subscriber: Subscriber): Promise<() => void> {
    await this.start();
    let set = this.subscribers.get(releaseId);
    if (!set) {
      set = new Set();
      this.subscribers.set(releaseId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(releaseId);
    };
  }

  /** Every release change on any instance, unread (the watcher decides what to read); null after a reconnect, when changes may have been missed. */
  async watchAll(watcher: (change: ReleaseChange | null) => void): Promise<() => void> {
    await this.start();
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private async dispatch(payload: string): Promise<void> {
    let change: ReleaseChange;
    try {
      change = JSON.parse(payload) as ReleaseChange;
    } catch {
      return;
    }
    for (const watcher of this.watchers) watcher(change);
    const set = this.subscribers.get(change.releaseId);
    if (!set || set.size === 0) return;
    try {
      const release = await db.release.findUnique({
        where: { id: change.releaseId },
        select: { status: true, itemsTotal: true, itemsDone: true, requiredOpen: true, blockedCount: true },
      });
      if (!release) return;
      let message: LiveMessage = { type: "release", release };
      if (change.kind === "item" && change.itemKey) {
        const [item] = await getItemStates(change.releaseId, [change.itemKey]);
        if (item) message = { type: "item", item, release };
      } else if (change.kind !== "release") {
        message = { type: "resync" };
      }
      for (const subscriber of set) subscriber(message);
    } catch {
      for (const subscriber of set) subscriber({ type: "resync" });
    }
  }
}

export function liveHub(): Hub {
  globalForHub.countersignHub ??= new Hub();
  return globalForHub.countersignHub;
}
