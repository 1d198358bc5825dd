import { z } from "zod";
import type { RequestOrigin } from "../auth/request-origin";

export const actorAuthenticationSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password") }),
  z.object({ method: z.literal("passkey"), credentialId: z.string(), keyFingerprint: z.string() }),
  /** A company sign-in (docs/decisions/027): the provider's issuer and the user's subject there; at signing, when the provider confirmed them (auth_time). */
  z.object({ method: z.literal("oidc"), issuer: z.string(), subject: z.string(), authTime: z.string().optional() }),
]);
export type ActorAuthentication = z.infer<typeof actorAuthenticationSchema>;

/**
 * Who did it, frozen into each event at that moment (name, email, roles),
 * never looked up later. A project token (issue 11) is no person: kind
 * "token", named by the token and its project, with no user id. The fields
 * added since are optional, so every earlier event still parses.
 */
export const actorSchema = z.object({
  kind: z.enum(["user", "system", "anonymous", "token"]),
  id: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  appRole: z.string().optional(),
  signoffRoles: z.array(z.string()).optional(),
  tokenId: z.string().optional(),
  tokenName: z.string().optional(),
  projectKey: z.string().optional(),
  /**
   * How the actor proved who they are for this event, where it matters: at
   * signing, the re-authentication (password, or their passkey with its
   * credential id and key fingerprint; docs/decisions/024; or a fresh company
   * sign-in with the issuer and subject, docs/decisions/027), and at sign-in
   * how they signed in. Absent elsewhere and in events written before issue 13.
   */
  authentication: actorAuthenticationSchema.optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const originSchema = z.object({ address: z.string(), userAgent: z.string() });

/** What every use case that changes something receives: who, and from where. */
export type AuditContext = { actor: Actor; origin: RequestOrigin };

export function userActor(user: {
  id: string;
  name: string;
  email: string;
  appRole: string;
  signoffRoles: { name: string }[];
}, tokenId?: string): Actor {
  return {
    kind: "user",
    id: user.id,
    name: user.name,
    email: user.email,
    appRole: user.appRole,
    signoffRoles: user.signoffRoles.map((role) => role.name),
    ...(tokenId ? { tokenId } : {}),
  };
}

/** A project token acting (CI): the token and its project, never a user id (nothing may write a token's id where a user's belongs). */
export function tokenActor(token: { id: string; name: string; project: { key: string } | null }): Actor {
  return { kind: "token", name: token.name, tokenId: token.id, tokenName: token.name, ...(token.project ? { projectKey: token.project.key } : {}) };
}

/** The command line or start-up seed, run by someone with shell access to the server. */
export function systemContext(what: string): AuditContext {
  const osUser = process.env.USER ?? process.env.LOGNAME ?? "unknown";
  return {
    actor: { kind: "system", name: `${what} (${osUser})` },
    origin: { address: "local", userAgent: what },
  };
}

export function anonymousActor(email: string): Actor {
  return { kind: "anonymous", name: "Anonymous", email };
}
