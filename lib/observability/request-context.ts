import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * What the logger and the metrics need to know about the request being
 * served: its id (the `x-request-id` header set by proxy.ts, or a fresh one),
 * and what the wrappers learn along the way (who, which status). One
 * AsyncLocalStorage per process, on globalThis for the same reason as the
 * metrics registry: Next bundles route handlers separately.
 */

export type RequestContext = { requestId: string; userId?: string; status?: number };

const holder = globalThis as unknown as { countersignRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.countersignRequestContext ??= new AsyncLocalStorage<RequestContext>());

export const REQUEST_ID_HEADER = "x-request-id";

/** The caller's request id if it looks like one (printable, at most 128 characters), else a new UUID. */
export function requestIdFrom(headers: Pick<Headers, "get"> | null | undefined): string {
  const given = headers?.get(REQUEST_ID_HEADER)?.trim();
  return given && /^[\x21-\x7e]{1,128}$/.test(given) ? given : randomUUID();
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
