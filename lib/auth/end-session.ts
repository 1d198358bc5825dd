import "server-only";
import { appendAuditEvent } from "../audit/append-event";
import type { AuditContext } from "../audit/actor";
import { db } from "../db/client";
import { sessionLimits } from "../security/session-policy";
import type { SessionUser } from "./session-user";

/**
 * Signing out, on the server. A session cookie is a signed JWT that stays
 * valid until it expires, so clearing it in the browser is not enough: a copy
 * (or a response still in flight that renews it) would bring the session back.
 * Recording the session id here makes every later request with it
 * unauthenticated (lib/auth/session-user.ts). The row is kept until no copy
 * of the cookie could be valid anyway (the absolute limit); each sign-out
 * purges the rows past that point. See docs/decisions/014.
 */
export async function endSession(user: Pick<SessionUser, "id" | "name" | "email">, sessionId: string, context: AuditContext): Promise<void> {
  const expiresAt = new Date(Date.now() + sessionLimits().absoluteSeconds * 1000);
  await db.$transaction(async (tx) => {
    const ended = await tx.endedSession.createMany({ data: [{ sessionId, userId: user.id, expiresAt }], skipDuplicates: true });
    if (ended.count === 0) return; // already signed out (a second tab, a double click)
    await tx.endedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await appendAuditEvent(tx, context, {
      type: "auth.signed_out",
      subject: { kind: "user", id: user.id, label: `${user.name} <${user.email}>` },
      data: {},
    });
  });
}
