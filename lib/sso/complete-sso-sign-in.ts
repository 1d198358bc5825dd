import "server-only";
import { db, Prisma } from "../db/client";
import { type ActorAuthentication, userActor } from "../audit/actor";
import { appendAuditEvent, scrubText } from "../audit/append-event";
import type { RequestOrigin } from "../auth/request-origin";
import { loadActiveUser } from "../auth/session-user";
import { forgetTokenLookups } from "../tokens/token-cache";
import { userSnapshot } from "../users/user-snapshot";
import { syncSsoGrants } from "./sync-sso-grants";

/**
 * A company sign-in, after Auth.js accepted the provider's answer (code flow
 * with PKCE, state and nonce; the ID token's issuer, audience, signature and
 * nonce checked by oauth4webapi): finds the account by the ID token's issuer
 * and subject, or makes it just in time (docs/decisions/027):
 *  - a known identity signs in its account (refused when disabled);
 *  - else an account with the same email is linked only when the provider
 *    says the email is verified (email_verified: true), else refused;
 *  - else a new account is made: no password, organisation role member.
 * Then the mapped grants follow the groups claim (sync-sso-grants.ts), and
 * the sign-in is audited (`auth.signed_in`, the actor's authentication
 * naming the issuer and subject). One transaction: a refusal writes only its
 * own `sso.sign_in_refused` event.
 */

export type ProviderClaims = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  groups: string[];
};

export type SsoRefusalReason = "disabled" | "email_taken" | "no_email" | "unverified_email";

export class SsoSignInRefused extends Error {
  constructor(readonly reason: SsoRefusalReason) {
    super(`company sign-in refused: ${reason}`);
    this.name = "SsoSignInRefused";
  }
}

const MAX_GROUPS = 500;

/** The groups claim as a list of strings (a single string counts as one group; anything else is none). */
export function groupsFrom(claim: unknown): string[] {
  const values = Array.isArray(claim) ? claim : typeof claim === "string" ? [claim] : [];
  return [...new Set(values.filter((value): value is string => typeof value === "string" && value.length > 0 && value.length <= 256))].slice(0, MAX_GROUPS);
}

export async function completeSsoSignIn(claims: ProviderClaims, origin: RequestOrigin): Promise<{ id: string; sessionVersion: number; created: boolean }> {
  const authentication: ActorAuthentication = { method: "oidc", issuer: claims.issuer, subject: claims.subject };
  const email = claims.email ? scrubText(claims.email).trim().toLowerCase().slice(0, 254) : null;
  try {
    const result = await db.$transaction(async (tx) => {
      const identity = await tx.userIdentity.findUnique({ where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } }, select: { userId: true } });
      let userId = identity?.userId;
      let created = false;
      if (!userId) {
        if (!email) throw new SsoSignInRefused("no_email");
        if (claims.emailVerified === false) throw new SsoSignInRefused("unverified_email");
        const existing = await tx.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true, name: true, email: true, disabledAt: true } });
        if (existing) {
          if (claims.emailVerified !== true) throw new SsoSignInRefused("email_taken");
          if (existing.disabledAt) throw new SsoSignInRefused("disabled");
          await tx.userIdentity.create({ data: { issuer: claims.issuer, subject: claims.subject, userId: existing.id } });
          await appendAuditEvent(tx, { actor: { kind: "system", name: "company sign-in" }, origin }, {
            type: "sso.account_linked",
            subject: { kind: "user", id: existing.id, label: `${existing.name} <${existing.email}>` },
            data: { issuer: claims.issuer, subject: claims.subject, email },
          });
          userId = existing.id;
        } else {
          const name = scrubText(claims.name ?? "").trim().slice(0, 100) || email;
          const user = await tx.user.create({ data: { email, name, appRole: "member", passwordHash: null }, select: { id: true } });
          await tx.userIdentity.create({ data: { issuer: claims.issuer, subject: claims.subject, userId: user.id } });
          const after = await userSnapshot(tx, user.id);
          await appendAuditEvent(tx, { actor: { kind: "system", name: "company sign-in" }, origin }, {
            type: "sso.account_created",
            subject: after.subject,
            data: { issuer: claims.issuer, subject: claims.subject, after: { email: after.email, name: after.name, appRole: after.appRole, signoffRoles: after.signoffRoles, disabled: false } },
          });
          userId = user.id;
          created = true;
        }
      }
      const [user] = await tx.$queryRaw<{ id: string; email: string; name: string; appRole: "admin" | "member" | "auditor"; appRoleSource: string; disabled: boolean }[]>`
        SELECT id::text, email, name, app_role AS "appRole", app_role_source AS "appRoleSource", disabled_at IS NOT NULL AS disabled
        FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      if (!user || user.disabled) throw new SsoSignInRefused("disabled");
      await tx.userIdentity.update({ where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } }, data: { lastSignInAt: new Date() } });
      // The grants are the provider's to give: applied as the sign-in's own changes, by the company sign-in.
      const context = { actor: { kind: "system" as const, name: "company sign-in", authentication }, origin };
      const { changed } = await syncSsoGrants(tx, context, user, claims.groups);
      return { userId: user.id, created, changed };
    });
    if (result.changed) forgetTokenLookups();
    const active = await loadActiveUser(result.userId);
    if (!active) throw new SsoSignInRefused("disabled");
    await db.$transaction(async (tx) => {
      await appendAuditEvent(tx, { actor: { ...userActor(active), authentication }, origin }, {
        type: "auth.signed_in",
        subject: { kind: "user", id: active.id, label: `${active.name} <${active.email}>` },
        data: {},
      });
    });
    return { id: active.id, sessionVersion: active.sessionVersion, created: result.created };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new SsoSignInRefused("email_taken");
    if (!(error instanceof SsoSignInRefused)) throw error;
    await db.$transaction(async (tx) => {
      await appendAuditEvent(tx, { actor: { kind: "anonymous", name: "Anonymous", ...(email ? { email } : {}), authentication }, origin }, {
        type: "sso.sign_in_refused",
        subject: { kind: "account", id: `${claims.issuer}#${claims.subject}`, label: email ?? claims.subject },
        data: { issuer: claims.issuer, subject: claims.subject, email, reason: error.reason },
      });
    });
    throw error;
  }
}
