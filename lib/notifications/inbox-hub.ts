import "server-only";
import { listener } from "../db/listener";
import { INBOX_CHANNEL } from "./inbox-notify";
import { unreadCount } from "./inbox";

/**
 * Per-user live inbox counts on this instance: one LISTEN (the instance's
 * listener, lib/db/listener.ts) for every bell; a change re-reads that user's
 * unread count once and hands it to each of their open pages.
 */
type Subscriber = (unread: number) => void;
const globalForHub = globalThis as unknown as { countersignInboxHub?: InboxHub };

class InboxHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private started?: Promise<void>;

  private start(): Promise<void> {
    this.started ??= (async () => {
      await listener().subscribe(INBOX_CHANNEL, (userId) => void this.refresh(userId));
      listener().onReconnect(() => {
        for (const userId of this.subscribers.keys()) void this.refresh(userId);
      });
    })();
    return this.started;
  }

  async subscribe(userId: string, subscriber: Subscriber): Promise<() => void> {
    await this.start();
    let set = this.subscribers.get(userId);
    if (!set) {
      set = new Set();
      this.subscribers.set(userId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(userId);
    };
  }

  private async refresh(userId: string): Promise<void> {
    const set = this.subscribers.get(userId);
    if (!set || set.size === 0) return;
    try {
      const unread = await unreadCount(userId);
      for (const subscriber of set) subscriber(unread);
    } catch {
      // The next change or reconnect tries again.
    }
  }
}

export function inboxHub(): InboxHub {
  return (globalForHub.countersignInboxHub ??= new InboxHub());
}
