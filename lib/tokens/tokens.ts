import "server-only";
import { TOKEN_SCOPES } from "../projects/default-project";
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { createTokenSchema, revokeTokenSchema } from "./token.schema";
import { sqlQuery } from "../db/sql";
import { SESSION_USER_COLUMNS, SESSION_USER_ROLE_JOINS, type SessionUser } from "../auth/session-user";
import { cachedTokenLookup, forgetTokenLookups, rememberTokenLookup, tokenCacheGeneration, type TokenLookup } from "./token-cache";

/**
 * Personal API tokens: `cs_` + 32 random bytes, shown once, stored as their
 * sha256. A token acts as its user, with the user's current permissions.
 */

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const MAX_TOKENS_PER_USER = 20;

export type TokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export async function createToken(context: AuditContext, userId: string, raw: { name: string }): Promise<{ token: string; row: TokenRow }> {
  const input = createTokenSchema.parse(raw);
  const token = `cs_${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, 10);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, disabledAt: null }, select: { name: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", "User not found.");
    const active = await tx.apiToken.count({ where: { userId, revokedAt: null } });
    if (active >= MAX_TOKENS_PER_USER) throw new AppError("BAD_REQUEST", `You have ${MAX_TOKENS_PER_USER} active tokens; revoke one first.`);
    const row = await tx.apiToken.create({
      data: { userId, createdById: userId, scopes: [...TOKEN_SCOPES], name: input.name, tokenHash: hashToken(token), prefix },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
    await appendAuditEvent(tx, context, {
      type: "token.created",
      subject: { kind: "token", id: row.id, label: `${input.name} of ${user.name} <${user.email}>` },
      data: { after: { name: input.name, prefix } },
    });
    return { token, row };
  });
}

/** Revokes one of the user's own tokens (admins may revoke anyone's). */
export async function revokeToken(context: AuditContext, raw: { tokenId: string }, ownerId: string | null): Promise<{ name: string }> {
  const input = revokeTokenSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: input.tokenId, revokedAt: null, ...(ownerId ? { userId: ownerId } : {}) },
      select: { id: true, name: true, prefix: true },
    });
    if (!token) throw new AppError("NOT_FOUND", "Token not found.");
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "token.revoked",
      subject: { kind: "token", id: token.id, label: token.name },
      data: { before: { name: token.name, prefix: token.prefix } },
    });
    return { name: token.name };
  });
  // This instance at once; the others when the database's notification arrives (token-cache.ts).
  forgetTokenLookups();
  return result;
}

export async function listTokens(userId: string): Promise<TokenRow[]> {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/**
 * The active user behind a bearer token (with their roles, as a session loads
 * them) and the token's id, or null when it is unknown, revoked or its user
 * disabled. This runs on every API call: one round trip (ADR 013), or none
 * while the lookup is in this instance's short-lived cache (token-cache.ts,
 * ADR 019), which every auth change clears on every instance.
 */
export async function authenticateToken(token: string): Promise<{ userId: string; tokenId: string; user: SessionUser } | null> {
  if (!/^cs_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  // One event-loop turn first: a change notification that has already reached this process's
  // listener socket is handled before the cache is consulted (cheap; no round trip).
  let found: TokenLookup | undefined;
  if (cachedTokenLookup(tokenHash)) {
    await new Promise((resolve) => setImmediate(resolve));
    found = cachedTokenLookup(tokenHash);
  }
  if (!found) {
    const generation = tokenCacheGeneration();
    const [row] = await sqlQuery<SessionUser & { tokenId: string; lastUsedAt: Date | null }>(
      `SELECT t.id::text AS "tokenId", t.last_used_at AS "lastUsedAt", ${SESSION_USER_COLUMNS}
       FROM api_tokens t JOIN users u ON u.id = t.user_id ${SESSION_USER_ROLE_JOINS}
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL
       GROUP BY t.id, u.id`,
      [tokenHash],
    );
    if (!row) return null;
    const { tokenId, lastUsedAt, ...user } = row;
    found = { tokenId, lastUsedAt, user };
    rememberTokenLookup(tokenHash, found, generation);
  }
  // Record use at most once a minute, so hot CI loops do not write on every call.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await sqlQuery(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1::uuid`, [found.tokenId]);
    found.lastUsedAt = new Date();
  }
  return { userId: found.user.id, tokenId: found.tokenId, user: found.user };
}
