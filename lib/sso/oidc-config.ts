import { isOidcIssuer } from "../config/settings";

/**
 * Company sign-in's settings (docs/decisions/027), validated at start-up by
 * lib/config/settings.ts; read here where they are used. Null when company
 * sign-in is not configured (the demo, and any install without a provider).
 */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button says "Sign in with <label>". */
  label: string;
  groupsClaim: string;
  scopes: string;
  /** How often a session from a company sign-in is re-checked with the provider. */
  checkSeconds: number;
};

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string) => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

export function oidcConfig(env: Env = process.env): OidcConfig | null {
  const issuer = value(env, "COUNTERSIGN_OIDC_ISSUER");
  const clientId = value(env, "COUNTERSIGN_OIDC_CLIENT_ID");
  const clientSecret = value(env, "COUNTERSIGN_OIDC_CLIENT_SECRET");
  if (!issuer || !clientId || !clientSecret || !isOidcIssuer(issuer)) return null;
  const check = Number(value(env, "COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS") ?? 300);
  return {
    issuer,
    clientId,
    clientSecret,
    label: value(env, "COUNTERSIGN_OIDC_NAME") ?? "SSO",
    groupsClaim: value(env, "COUNTERSIGN_OIDC_GROUPS_CLAIM") ?? "groups",
    scopes: value(env, "COUNTERSIGN_OIDC_SCOPES") ?? "openid email profile",
    checkSeconds: Number.isInteger(check) && check >= 30 ? check : 300,
  };
}

/** COUNTERSIGN_PASSWORD_SIGNIN=false turns password sign-in (and password confirmation at signing) off. */
export function passwordSignInEnabled(env: Env = process.env): boolean {
  return value(env, "COUNTERSIGN_PASSWORD_SIGNIN") !== "false";
}

/** The provider's id in Auth.js: the redirect URI is <public URL>/api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";
