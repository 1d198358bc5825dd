import "server-only";
import { listener } from "../db/listener";
import { firstLine, logger } from "../observability/logger";
import type { SessionUser } from "../auth/session-user";
import type { TokenGrant } from "./token-scopes";

/**
 * A short-lived, per-instance cache of API token lookups (ADR 019), keyed by
 * the token's sha256: an entry holds exactly one token's user, so nothing is
 * ever shared between tokens or users.
 *
 * Never stale after a write:
 * - the database announces every change that can alter a lookup (token
 *   revoked, user disabled or changed, sign-off roles; migration
 *   20261206010000) on AUTH_CHANNEL, from any process; each instance clears
 *   its cache when the notification arrives;
 * - the use cases that make those changes also clear this instance's cache
 *   right after their commit (`forgetTokenLookups`), so the instance that
 *   made the change never waits for the notification;
 * - while the instance is not LISTENing (not yet connected, connection lost)
 *   nothing is cached or served from the cache, and a reconnect clears it;
 * - a lookup that raced with a clear is not stored (generation check).
 * The TTL only bounds memory and a silently dead listener connection.
 */

export const AUTH_CHANNEL = "countersign_auth";
export const TOKEN_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

export type TokenLookup = { tokenId: string; lastUsedAt: Date | null; user: SessionUser; token: TokenGrant };
type Entry = TokenLookup & { expiresAt: number };

type CacheState = { entries: Map<string, Entry>; generation: number; subscribed: boolean };
// On globalThis: Next bundles route handlers separately, so this module can exist more than once per process.
const globalForCache = globalThis as unknown as { countersignTokenCache?: CacheState };
const state = (globalForCache.countersignTokenCache ??= { entries: new Map(), generation: 0, subscribed: false });

/** Drops every cached lookup of this instance (any auth change; rare, so no finer bookkeeping). */
export function forgetTokenLookups(): void {
  state.generation += 1;
  state.entries.clear();
}

function subscribeOnce(): void {
  if (state.subscribed) return;
  state.subscribed = true;
  const instance = listener();
  instance.onReconnect(forgetTokenLookups);
  instance.subscribe(AUTH_CHANNEL, forgetTokenLookups).catch((error: unknown) => {
    state.subscribed = false;
    logger.warn({ error: firstLine(error) }, "token cache: could not listen for auth changes");
  });
}

/** Whether entries may be stored and served now: only while auth changes are being heard. */
function trusted(): boolean {
  subscribeOnce();
  if (listener().isListening(AUTH_CHANNEL)) return true;
  if (state.entries.size > 0) forgetTokenLookups();
  return false;
}

/** The cached lookup of a token hash, if fresh and trustworthy. */
export function cachedTokenLookup(tokenHash: string): TokenLookup | undefined {
  if (!trusted()) return undefined;
  const entry = state.entries.get(tokenHash);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    state.entries.delete(tokenHash);
    return undefined;
  }
  return entry;
}

/** The current generation: take it before reading the database, hand it to `rememberTokenLookup`. */
export function tokenCacheGeneration(): number {
  return state.generation;
}

/** Stores a lookup read from the database, unless the cache was cleared since `generation` was taken. */
export function rememberTokenLookup(tokenHash: string, lookup: TokenLookup, generation: number): void {
  if (generation !== state.generation || !trusted()) return;
  if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value as string);
  state.entries.set(tokenHash, { ...lookup, expiresAt: Date.now() + TOKEN_CACHE_TTL_MS });
}
