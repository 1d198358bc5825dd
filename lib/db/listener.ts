import pg from "pg";
import { currentDatabaseUrl } from "./client";

/**
 * One dedicated PostgreSQL connection per app instance that LISTENs on the
 * given channels and hands payloads to in-process handlers. It reconnects
 * by itself after the database restarts; `onReconnect` handlers learn that
 * notifications may have been missed.
 */

type Handler = (payload: string) => void;

class Listener {
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  /** Channels whose LISTEN succeeded on the current connection. */
  private readonly listening = new Set<string>();
  private retry = 0;

  constructor(private readonly url: string) {}

  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    let set = this.handlers.get(channel);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.ensureConnected();
    const client = this.client;
    if (fresh && client) {
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).then(
        () => this.client === client && this.listening.add(channel),
        () => undefined,
      );
    }
    return () => set.delete(handler);
  }

  /**
   * Whether notifications on `channel` are arriving right now: connected and
   * LISTENing. While false, changes may go unnoticed, so whatever a handler
   * keeps up to date (such as a cache) must not be trusted.
   */
  isListening(channel: string): boolean {
    return this.client !== undefined && this.listening.has(channel);
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3_000, keepAlive: true });
    client.on("notification", (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? "");
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening.clear();
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
      const channels = [...this.handlers.keys()];
      for (const channel of channels) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.listening.clear();
      for (const channel of channels) this.listening.add(channel);
      this.client = client;
      if (this.retry > 0) for (const handler of this.reconnectHandlers) handler();
      this.retry = 0;
    } catch {
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.handlers.size === 0) return;
    this.retry += 1;
    const delay = Math.min(5_000, 250 * 2 ** Math.min(this.retry, 5));
    setTimeout(() => void this.ensureConnected(), delay).unref();
  }
}

const globalForListener = globalThis as unknown as { countersignListener?: Listener };

/** The instance's listener, on the same database as the shared client (DATABASE_URL in the app; the test's database in tests). */
export function listener(): Listener {
  globalForListener.countersignListener ??= new Listener(currentDatabaseUrl());
  return globalForListener.countersignListener;
}
