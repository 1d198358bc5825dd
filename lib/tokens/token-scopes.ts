import type { Permission } from "../auth/permissions";
import { TOKEN_SCOPES, type TokenScope } from "../projects/default-project";

export { TOKEN_SCOPES, type TokenScope };

/** What a token grants, besides who it acts as: its scopes and the one project it is restricted to (null: every project its owner may reach). */
export type TokenGrant = {
  id: string;
  name: string;
  scopes: TokenScope[];
  project: { id: string; key: string; name: string } | null;
  /** personal: acts as its user; project: owned by its project, acts as a contributor there. */
  kind: "personal" | "project";
};

/**
 * What an API token may be used for (issue 11): each permission a route
 * needs is granted to a token only through one named scope, and the token
 * must carry it. A permission with no scope here is never granted to a
 * token, whatever its owner may do: a token never signs off, never manages
 * users, templates, environments or projects. Reading who the token is
 * (/api/v1/me) needs no scope. The API wrapper applies this
 * (lib/auth/api-route.ts); the authorization matrix checks every cell.
 */
export const TOKEN_SCOPE_FOR_PERMISSION: Partial<Record<Permission, TokenScope | "any">> = {
  "profile:read": "any",
  "release:read": "releases:read",
  "template:read": "releases:read",
  "audit:read": "releases:read",
  "release:create": "releases:write",
  "item:update": "items:write",
};

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  "releases:read": "Read releases, their items and templates",
  "releases:write": "Create releases",
  "items:write": "Tick and update items",
};

/** Why a token with these scopes may not be used for `permission`, or null when it may. */
export function tokenRefusal(scopes: readonly string[], permission: Permission): string | null {
  const scope = TOKEN_SCOPE_FOR_PERMISSION[permission];
  if (permission === "signoff:sign") return "An API token never signs off; sign in the browser.";
  if (!scope) return "API tokens cannot do this; sign in the browser.";
  if (scope !== "any" && !scopes.includes(scope)) return `This token does not have the scope ${scope}.`;
  return null;
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
