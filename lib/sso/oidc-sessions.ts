import "server-only";
import { db } from "../db/client";
import { appendAuditEvent } from "../audit/append-event";
import { logger, firstLine } from "../observability/logger";
import { sessionLimits } from "../security/session-policy";
import { oidcConfig, type OidcConfig } from "./oidc-config";

/**
 * Leavers (issue 13, docs/decisions/027). A session that began with a company
 * sign-in keeps the provider's tokens server-side (oidc_sessions, by session
 * id). At most every COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS (default 300) a
 * request re-checks it with the provider: the userinfo endpoint with the
 * access token, after refreshing it when it has expired and a refresh token
 * exists. When the provider refuses (the user was disabled or removed there,
 * their tokens were revoked, or the access token expired with no refresh
 * token) the session ends on the server (ended_sessions, as signing out does)
 * and `auth.session_ended_by_provider` is audited. When the provider cannot be
 * reached the session continues (an outage does not sign everyone out): the
 * gap, documented, is the check interval plus any outage.
 */

type SessionRow = {
  sessionId: string;
  userId: string;
  issuer: string;
  subject: string;
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date | null;
  authTime: Date | null;
};

export async function recordOidcSession(row: SessionRow): Promise<void> {
  const expiresAt = new Date(Date.now() + sessionLimits().absoluteSeconds * 1000);
  await db.$transaction([
    db.oidcSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    db.oidcSession.upsert({ where: { sessionId: row.sessionId }, create: { ...row, expiresAt }, update: { ...row, checkedAt: new Date(), expiresAt } }),
  ]);
}

/** When the provider confirmed the user for this session (auth_time of its ID token), or null. */
export async function oidcSessionAuthTime(sessionId: string): Promise<{ issuer: string; subject: string; authTime: Date | null } | null> {
  return db.oidcSession.findUnique({ where: { sessionId }, select: { issuer: true, subject: true, authTime: true } });
}

type Discovery = { userinfo_endpoint?: string; token_endpoint?: string };
const discoveries = new Map<string, { at: number; value: Discovery }>();

async function discover(config: OidcConfig): Promise<Discovery> {
  const cached = discoveries.get(config.issuer);
  if (cached && Date.now() - cached.at < 10 * 60_000) return cached.value;
  const response = await fetch(`${config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
  const value = (await response.json()) as Discovery;
  discoveries.set(config.issuer, { at: Date.now(), value });
  return value;
}

export type ProviderVerdict = { ok: true; accessToken?: string; refreshToken?: string | null; accessExpiresAt?: Date | null } | { ok: false; reason: string } | { ok: "unknown"; reason: string };

/** Asks the provider whether these tokens still stand for `subject`. */
export async function askProvider(config: OidcConfig, row: Pick<SessionRow, "subject" | "accessToken" | "refreshToken" | "accessExpiresAt">): Promise<ProviderVerdict> {
  let discovery: Discovery;
  try {
    discovery = await discover(config);
  } catch (error) {
    return { ok: "unknown", reason: `provider unreachable: ${firstLine(error)}` };
  }
  let accessToken = row.accessToken;
  const renewed: { accessToken?: string; refreshToken?: string | null; accessExpiresAt?: Date | null } = {};
  if (row.accessExpiresAt && row.accessExpiresAt.getTime() <= Date.now() + 5_000) {
    if (!row.refreshToken || !discovery.token_endpoint) return { ok: false, reason: "the access token expired and there is no refresh token" };
    try {
      const response = await fetch(discovery.token_endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: row.refreshToken }),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status >= 500) return { ok: "unknown", reason: `token endpoint answered HTTP ${response.status}` };
      if (!response.ok) return { ok: false, reason: "the provider refused to refresh the session" };
      const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
      if (!body.access_token) return { ok: false, reason: "the provider refused to refresh the session" };
      accessToken = body.access_token;
      renewed.accessToken = body.access_token;
      renewed.refreshToken = body.refresh_token ?? row.refreshToken;
      renewed.accessExpiresAt = typeof body.expires_in === "number" ? new Date(Date.now() + body.expires_in * 1000) : null;
    } catch (error) {
      return { ok: "unknown", reason: `token endpoint unreachable: ${firstLine(error)}` };
    }
  }
  if (!discovery.userinfo_endpoint) return { ok: "unknown", reason: "the provider has no userinfo endpoint" };
  try {
    const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(5_000) });
    if (response.status === 401 || response.status === 403) return { ok: false, reason: "the provider no longer accepts the session's token" };
    if (!response.ok) return { ok: "unknown", reason: `userinfo answered HTTP ${response.status}` };
    const claims = (await response.json()) as { sub?: unknown };
    if (claims.sub !== row.subject) return { ok: false, reason: "the provider names another user" };
    return { ok: true, ...renewed };
  } catch (error) {
    return { ok: "unknown", reason: `userinfo unreachable: ${firstLine(error)}` };
  }
}

/**
 * False when the session has ended because the provider refused it (now or
 * at an earlier check). Checks with the provider only when the last check is
 * older than the interval; one request per session does it (the row's
 * checked_at is claimed first).
 */
export async function oidcSessionStillValid(sessionId: string, user: { id: string; name: string; email: string }): Promise<boolean> {
  const config = oidcConfig();
  const interval = config?.checkSeconds ?? 300;
  const [claimed] = await db.$queryRaw<SessionRow[]>`
    UPDATE oidc_sessions SET checked_at = now()
    WHERE session_id = ${sessionId}::uuid AND checked_at < now() - make_interval(secs => ${interval})
    RETURNING session_id::text AS "sessionId", user_id::text AS "userId", issuer, subject, access_token AS "accessToken",
              refresh_token AS "refreshToken", access_expires_at AS "accessExpiresAt", auth_time AS "authTime"`;
  if (!claimed) return true; // checked recently (or no row: a session from before, or not a company sign-in)
  if (!config || config.issuer !== claimed.issuer) return endByProvider(claimed, user, "company sign-in is no longer configured for this issuer");
  const verdict = await askProvider(config, claimed);
  if (verdict.ok === "unknown") {
    logger.warn({ sessionUser: user.id, reason: verdict.reason }, "company sign-in session could not be re-checked; it continues");
    return true;
  }
  if (verdict.ok === false) return endByProvider(claimed, user, verdict.reason);
  if (verdict.accessToken) {
    await db.oidcSession.update({
      where: { sessionId },
      data: { accessToken: verdict.accessToken, refreshToken: verdict.refreshToken ?? null, accessExpiresAt: verdict.accessExpiresAt ?? null },
    });
  }
  return true;
}

async function endByProvider(row: SessionRow, user: { id: string; name: string; email: string }, reason: string): Promise<false> {
  const expiresAt = new Date(Date.now() + sessionLimits().absoluteSeconds * 1000);
  await db.$transaction(async (tx) => {
    const ended = await tx.endedSession.createMany({ data: [{ sessionId: row.sessionId, userId: row.userId, expiresAt }], skipDuplicates: true });
    await tx.oidcSession.delete({ where: { sessionId: row.sessionId } });
    if (ended.count === 0) return;
    await appendAuditEvent(tx, { actor: { kind: "system", name: "company sign-in session check" }, origin: { address: "local", userAgent: "session check" } }, {
      type: "auth.session_ended_by_provider",
      subject: { kind: "user", id: user.id, label: `${user.name} <${user.email}>` },
      data: { issuer: row.issuer, subject: row.subject, reason },
    });
  });
  return false;
}
