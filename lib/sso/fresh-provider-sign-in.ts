import "server-only";
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { oidcConfig } from "./oidc-config";

/**
 * Re-authentication at signing for a company sign-in (issue 13,
 * docs/decisions/027). The signer asks the provider for a fresh sign-in
 * (prompt=login, max_age=0); its ID token's auth_time is kept with the
 * session (oidc_sessions.auth_time). Signing then requires that auth_time be
 * at most FRESH_SECONDS before the moment of signing, and uses it up: one
 * fresh sign-in confirms one signature.
 */
export const FRESH_SECONDS = 5 * 60;

export async function takeFreshProviderSignIn(tx: Tx, sessionId: string, userId: string, signingAt: Date): Promise<{ issuer: string; subject: string; authTime: Date }> {
  const label = oidcConfig()?.label ?? "SSO";
  const [row] = await tx.$queryRaw<{ issuer: string; subject: string; auth_time: Date | null }[]>`
    SELECT issuer, subject, auth_time FROM oidc_sessions WHERE session_id = ${sessionId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
  const refuse = (why: string): never => {
    const message = `Confirm with ${label} again: ${why}`;
    throw new AppError("CONFLICT", `${message} Nothing was signed.`, { sso: [message] });
  };
  if (!row || !row.auth_time) return refuse("no fresh sign-in is waiting for this signature.");
  const age = (signingAt.getTime() - row.auth_time.getTime()) / 1000;
  if (age > FRESH_SECONDS || age < -60) return refuse(`your last sign-in there was at ${row.auth_time.toISOString()}, more than ${FRESH_SECONDS / 60} minutes before signing.`);
  await tx.$executeRaw`UPDATE oidc_sessions SET auth_time = NULL WHERE session_id = ${sessionId}::uuid`;
  return { issuer: row.issuer, subject: row.subject, authTime: row.auth_time };
}

/** When the session's fresh company sign-in can still confirm a signature (null: none). */
export async function freshProviderSignInUntil(tx: Pick<Tx, "oidcSession">, sessionId: string | null): Promise<Date | null> {
  if (!sessionId) return null;
  const row = await tx.oidcSession.findUnique({ where: { sessionId }, select: { authTime: true } });
  if (!row?.authTime) return null;
  const until = new Date(row.authTime.getTime() + FRESH_SECONDS * 1000);
  return until.getTime() > Date.now() ? until : null;
}
