/**
 * Every request carries an `x-request-id` (set by proxy.ts): an incoming one
 * when it is safe to log and echo (1-128 of A-Z a-z 0-9 . _ : -), else a new UUID.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = "x-request-id";

export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
