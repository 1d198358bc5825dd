/**
 * The project every pre-projects row moved into (migration
 * 20261207000000_projects), with the same fixed id in a fresh database and an
 * upgraded one. Callers that name no project (the CLI without --project, the
 * old unscoped paths) act on it.
 */
export const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-0000000000d1";
export const DEFAULT_PROJECT_KEY = "default";

/** The scopes an API token may carry; a token made without naming any has them all (as every token did before scopes). */
export const TOKEN_SCOPES = ["releases:read", "releases:write", "items:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
