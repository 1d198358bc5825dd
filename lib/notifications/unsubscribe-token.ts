import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature in an email's unsubscribe link: HMAC-SHA256 of the user and
 * the category under a key derived from AUTH_SECRET, base64url. Anyone
 * holding the link can turn off that one category's email for that one
 * person, and nothing else; it needs no sign-in (a mail client's one-click
 * unsubscribe cannot sign in).
 */
function key(secret: string): Buffer {
  return createHmac("sha256", secret).update("countersign unsubscribe v1").digest();
}

export function unsubscribeSignature(userId: string, category: string, secret = process.env.AUTH_SECRET ?? ""): string {
  if (!secret) throw new Error("AUTH_SECRET is not set: unsubscribe links cannot be signed.");
  return createHmac("sha256", key(secret)).update(`${userId}\u0000${category}`).digest("base64url");
}

export function checkUnsubscribeSignature(userId: string, category: string, signature: string, secret = process.env.AUTH_SECRET ?? ""): boolean {
  if (!secret) return false;
  const expected = Buffer.from(unsubscribeSignature(userId, category, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function unsubscribePath(userId: string, category: string, secret?: string): string {
  return `/unsubscribe?${new URLSearchParams({ u: userId, c: category, s: unsubscribeSignature(userId, category, secret) }).toString()}`;
}
