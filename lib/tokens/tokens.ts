import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { can } from "../auth/permissions";
import { AppError } from "../errors/app-error";
import { createProjectTokenSchema, createTokenSchema, revokeTokenSchema, type CreateProjectTokenInput, type CreateTokenInput } from "./token.schema";
import { sqlQuery } from "../db/sql";
import { loadActiveUser, SESSION_USER_COLUMNS, type SessionUser } from "../auth/session-user";
import { cachedTokenLookup, forgetTokenLookups, rememberTokenLookup, tokenCacheGeneration, type TokenLookup } from "./token-cache";
import type { TokenGrant, TokenScope } from "./token-scopes";

export type { TokenGrant };

/**
 * API tokens: `cs_` + 32 random bytes, shown once, stored as their sha256.
 * - A personal token acts as its user, with the user's current permissions,
 *   in every project the user may reach or only in one (project_id).
 * - A project token (issue 11) belongs to a project, not a person (user_id
 *   NULL), for CI: made by a maintainer, it acts as a contributor of that
 *   project and nothing else, and the audit trail names the token and its
 *   project.
 * Either carries named scopes (token-scopes.ts), and never signs off.
 */

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const MAX_TOKENS_PER_OWNER = 20;

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  /** The one project the token reaches, or null: every project of its owner. */
  project: { key: string; name: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};
/** A project token, as its project's settings list it: who made it, too. */
export type ProjectTokenRow = TokenRow & { createdBy: { name: string; email: string } | null };

const ROW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  projectId: true,
} as const;
type SelectedRow = Omit<TokenRow, "scopes" | "project"> & { scopes: string[]; projectId: string | null };
type ProjectNames = Map<string, { key: string; name: string }>;

const toRow = ({ projectId, ...row }: SelectedRow, projects: ProjectNames): TokenRow => ({
  ...row,
  scopes: row.scopes as TokenScope[],
  project: projectId ? (projects.get(projectId) ?? null) : null,
});

/** The key and name of each project the rows name (tokens have no Prisma relation to their project: one more small read). */
async function projectNames(tx: Tx, rows: { projectId: string | null }[]): Promise<ProjectNames> {
  const ids = [...new Set(rows.flatMap((row) => (row.projectId ? [row.projectId] : [])))];
  if (ids.length === 0) return new Map();
  const projects = await tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, key: true, name: true } });
  return new Map(projects.map((project) => [project.id, { key: project.key, name: project.name }]));
}

function newToken(): { token: string; prefix: string; tokenHash: string } {
  const token = `cs_${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, 10), tokenHash: hashToken(token) };
}

async function projectByKey(tx: Tx, key: string): Promise<{ id: string; key: string; name: string } | null> {
  return tx.project.findUnique({ where: { key }, select: { id: true, key: true, name: true } });
}

/**
 * A personal token for the user `userId`, with the scopes named (all when
 * none) and, optionally, only for one project the user may reach: another
 * project is refused naming `project`, an unknown scope naming `scopes`.
 */
export async function createToken(context: AuditContext, userId: string, raw: CreateTokenInput): Promise<{ token: string; row: TokenRow }> {
  const input = createTokenSchema.parse(raw);
  const owner = await loadActiveUser(userId);
  if (!owner) throw new AppError("NOT_FOUND", "User not found.");
  const secret = newToken();
  return db.$transaction(async (tx) => {
    const project = input.project ? await projectByKey(tx, input.project) : null;
    // The same answer for a project that does not exist and one the owner may not reach: nothing leaks.
    if (input.project && (!project || !can(owner, "release:read", project))) {
      throw new AppError("BAD_REQUEST", "The token can only be restricted to a project you are a member of.", { project: ["Not one of your projects."] });
    }
    const active = await tx.apiToken.count({ where: { userId, revokedAt: null } });
    if (active >= MAX_TOKENS_PER_OWNER) throw new AppError("BAD_REQUEST", `You have ${MAX_TOKENS_PER_OWNER} active tokens; revoke one first.`);
    const row = await tx.apiToken.create({
      data: { userId, createdById: userId, projectId: project?.id ?? null, scopes: input.scopes, name: input.name, tokenHash: secret.tokenHash, prefix: secret.prefix },
      select: ROW_SELECT,
    });
    await appendAuditEvent(tx, context, {
      type: "token.created",
      subject: { kind: "token", id: row.id, label: `${input.name} of ${owner.name} <${owner.email}>` },
      data: { after: { name: input.name, prefix: secret.prefix, scopes: input.scopes, project: project?.key ?? null, owner: "user" } },
    });
    return { token: secret.token, row: toRow(row, new Map(project ? [[project.id, { key: project.key, name: project.name }]] : [])) };
  });
}

/**
 * A project token, owned by the project: `creatorId` is the maintainer who
 * made it (the wrapper checked project:manage there; null from the CLI).
 */
export async function createProjectToken(context: AuditContext, creatorId: string | null, raw: CreateProjectTokenInput): Promise<{ token: string; row: TokenRow }> {
  const input = createProjectTokenSchema.parse(raw);
  const creator = creatorId ? await loadActiveUser(creatorId) : null;
  if (creatorId && !creator) throw new AppError("NOT_FOUND", "User not found.");
  const secret = newToken();
  return db.$transaction(async (tx) => {
    const project = await projectByKey(tx, input.project);
    if (!project || (creator && !can(creator, "release:read", project))) throw new AppError("NOT_FOUND", "Project not found.", { project: ["Project not found."] });
    if (creator && !can(creator, "project:manage", project)) throw new AppError("FORBIDDEN", "Only a maintainer of the project can make its tokens.");
    await tx.$queryRaw`SELECT 1 FROM projects WHERE id = ${project.id}::uuid FOR UPDATE`;
    const active = await tx.apiToken.count({ where: { projectId: project.id, userId: null, revokedAt: null } });
    if (active >= MAX_TOKENS_PER_OWNER) throw new AppError("BAD_REQUEST", `${project.name} has ${MAX_TOKENS_PER_OWNER} active tokens; revoke one first.`);
    const row = await tx.apiToken.create({
      data: { userId: null, createdById: creatorId, projectId: project.id, scopes: input.scopes, name: input.name, tokenHash: secret.tokenHash, prefix: secret.prefix },
      select: ROW_SELECT,
    });
    await appendAuditEvent(tx, context, {
      type: "token.created",
      subject: { kind: "token", id: row.id, label: `${input.name} of the project ${project.name}` },
      data: { after: { name: input.name, prefix: secret.prefix, scopes: input.scopes, project: project.key, owner: "project" } },
    });
    return { token: secret.token, row: toRow(row, new Map(project ? [[project.id, { key: project.key, name: project.name }]] : [])) };
  });
}

/** Revokes a token, found among `where` (its owner's, its project's, or any for an admin / the CLI). */
async function revoke(context: AuditContext, raw: { tokenId: string }, where: { userId?: string; projectId?: string }): Promise<{ name: string }> {
  const input = revokeTokenSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: input.tokenId, revokedAt: null, ...where, ...(where.projectId ? { userId: null } : {}) },
      select: { id: true, name: true, prefix: true, scopes: true, userId: true, projectId: true },
    });
    if (!token) throw new AppError("NOT_FOUND", "Token not found.");
    const project = (await projectNames(tx, [token])).get(token.projectId ?? "");
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "token.revoked",
      subject: { kind: "token", id: token.id, label: token.name },
      data: { before: { name: token.name, prefix: token.prefix, scopes: token.scopes, project: project?.key ?? null, owner: token.userId ? "user" : "project" } },
    });
    return { name: token.name };
  });
  // This instance at once; the others when the database's notification arrives (token-cache.ts).
  forgetTokenLookups();
  return result;
}

/** Revokes one of the user's own tokens (ownerId null: any token, for admins and the CLI). */
export async function revokeToken(context: AuditContext, raw: { tokenId: string }, ownerId: string | null): Promise<{ name: string }> {
  return revoke(context, raw, ownerId ? { userId: ownerId } : {});
}

/** Revokes one of the project's tokens (a maintainer, checked by the wrapper in that project). */
export async function revokeProjectToken(context: AuditContext, raw: { tokenId: string }, projectId: string): Promise<{ name: string }> {
  return revoke(context, raw, { projectId });
}

/** A user's personal tokens, active first. */
export async function listTokens(userId: string): Promise<TokenRow[]> {
  const rows = await db.apiToken.findMany({
    where: { userId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: ROW_SELECT,
  });
  const projects = await projectNames(db, rows);
  return rows.map((row) => toRow(row, projects));
}

/** A project's own tokens (not its members' personal ones), active first, with who made each. */
export async function listProjectTokens(projectId: string): Promise<ProjectTokenRow[]> {
  const rows = await db.apiToken.findMany({
    where: { projectId, userId: null },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { ...ROW_SELECT, createdById: true },
  });
  const creatorIds = [...new Set(rows.flatMap((row) => (row.createdById ? [row.createdById] : [])))];
  const creators = creatorIds.length ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } }) : [];
  const projects = await projectNames(db, rows);
  return rows.map(({ createdById, ...row }) => {
    const creator = creators.find((user) => user.id === createdById);
    return { ...toRow(row, projects), createdBy: creator ? { name: creator.name, email: creator.email } : null };
  });
}

type TokenQueryRow = Omit<SessionUser, "id"> & {
  id: string | null;
  tokenId: string;
  tokenName: string;
  lastUsedAt: Date | null;
  scopes: string[];
  tokenProjectId: string | null;
  tokenProjectKey: string | null;
  tokenProjectName: string | null;
};

/** Whether what this user reads depends on an auditor's project scope (the permission table's rule; auditors only). */
function readsByScope(user: SessionUser, project: { id: string }): boolean {
  return can({ appRole: user.appRole, auditorProjectIds: [] }, "release:read", project) !== can({ appRole: user.appRole, auditorProjectIds: null }, "release:read", project);
}

/**
 * Who a token acts as. A personal token: its user, narrowed to the token's
 * project when it has one (memberships, role holdings and an auditor's
 * scope; an admin's reach is narrowed by the API wrapper, which answers 404
 * outside the token's project). A project token: not a person, a contributor
 * of its project only, holding no sign-off role, whose id is the token's
 * (never written where a user's id belongs: audit actors of tokens carry no
 * user id, lib/audit/actor.ts).
 */
function principalOf(row: TokenQueryRow): { user: SessionUser; token: TokenGrant } {
  const project = row.tokenProjectId ? { id: row.tokenProjectId, key: row.tokenProjectKey as string, name: row.tokenProjectName as string } : null;
  const token: TokenGrant = { id: row.tokenId, name: row.tokenName, scopes: row.scopes as TokenScope[], project, kind: row.id === null ? "project" : "personal" };
  if (row.id === null) {
    const projects = project ? [{ ...project, role: "contributor" as const }] : [];
    return {
      token,
      user: { id: row.tokenId, email: "", name: row.tokenName, appRole: "member", signoffRoles: [], projects, auditorProjectIds: null, sessionVersion: 0, mustChangePassword: false },
    };
  }
  const { tokenId: _tokenId, tokenName: _tokenName, lastUsedAt: _lastUsedAt, scopes: _scopes, tokenProjectId: _p, tokenProjectKey: _k, tokenProjectName: _n, ...user } = row;
  const person = user as SessionUser;
  if (!project) return { token, user: person };
  return {
    token,
    user: {
      ...person,
      projects: person.projects.filter((membership) => membership.id === project.id),
      signoffRoles: person.signoffRoles.filter((role) => role.projectId === project.id),
      auditorProjectIds: readsByScope(person, project) ? (person.auditorProjectIds ?? [project.id]).filter((id) => id === project.id) : person.auditorProjectIds,
    },
  };
}

/**
 * The principal behind a bearer token and the token's grant (scopes,
 * project), or null when it is unknown, revoked or its user disabled. This
 * runs on every API call: one round trip (ADR 013), or none while the lookup
 * is in this instance's short-lived cache (token-cache.ts, ADR 019), which
 * every auth change clears on every instance.
 */
export async function authenticateToken(token: string): Promise<{ userId: string; tokenId: string; user: SessionUser; token: TokenGrant } | null> {
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
    const [row] = await sqlQuery<TokenQueryRow>(
      `SELECT t.id::text AS "tokenId", t.name AS "tokenName", t.last_used_at AS "lastUsedAt", t.scopes,
              t.project_id::text AS "tokenProjectId", tp.key AS "tokenProjectKey", tp.name AS "tokenProjectName",
              ${SESSION_USER_COLUMNS}
       FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id LEFT JOIN projects tp ON tp.id = t.project_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.user_id IS NULL OR u.disabled_at IS NULL)`,
      [tokenHash],
    );
    if (!row) return null;
    found = { tokenId: row.tokenId, lastUsedAt: row.lastUsedAt, ...principalOf(row) };
    rememberTokenLookup(tokenHash, found, generation);
  }
  // Record use at most once a minute, so hot CI loops do not write on every call.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await sqlQuery(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1::uuid`, [found.tokenId]);
    found.lastUsedAt = new Date();
  }
  return { userId: found.user.id, tokenId: found.tokenId, user: found.user, token: found.token };
}
