import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";
import { can, type Permission } from "./permissions";
import { type SessionUser, userForSession } from "./session-user";
import { oidcSessionStillValid } from "../sso/oidc-sessions";
import { noteRequestUser } from "../observability/observe-request";
import { resolveProject, type ProjectRef, type ProjectScope } from "../projects/resolve-project";

type SessionClaims = { userId?: string; sessionVersion?: number; sessionId?: unknown; signInMethod?: unknown };

/**
 * The signed-in, active user of this request, with the id of their session
 * (null for sessions issued before ids). Once per server render: the layout,
 * the metadata and the page share one cookie decode and one user query
 * (React's cache is scoped to a request; outside a render it calls through).
 */
export const getCurrentSession = cache(async (): Promise<{ user: SessionUser; sessionId: string | null; signInMethod: string | null } | null> => {
  const session = (await auth()) as SessionClaims | null;
  if (!session?.userId) return null;
  const user = await userForSession(session.userId, session.sessionVersion, session.sessionId);
  if (!user) return null;
  // A company sign-in's session is re-checked with the provider every few minutes (leavers, docs/decisions/027).
  if (session.signInMethod === "oidc" && typeof session.sessionId === "string" && !(await oidcSessionStillValid(session.sessionId, user))) return null;
  // Server actions log who called them like API requests do (lib/observability/observe-request.ts).
  noteRequestUser(user.id);
  return { user, sessionId: typeof session.sessionId === "string" ? session.sessionId : null, signInMethod: typeof session.signInMethod === "string" ? session.signInMethod : null };
});

/** The signed-in, active user of this request, or null. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For pages: sends anonymous visitors to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For pages: a user without the permission sees "not found", as if the page did not exist. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, permission)) notFound();
  return user;
}

/** One lookup per request and scope: the layout, the metadata and the page of a project page share it. */
const projectOf = cache(async (kind: "projectKey" | "releaseId" | "templateId", value: string): Promise<ProjectRef | null> =>
  resolveProject({ [kind]: value } as ProjectScope),
);

/**
 * For pages under /p/<key>/…: the project named by the URL's key, and the
 * user, who must be able to read it and hold `permission` there. Anything
 * else is "not found", as if the page did not exist: a project's existence
 * does not leak (issue 11). `within` names an object the page shows (a
 * release, a template): it must belong to this very project, so
 * /p/a/releases/<a release of b> is not found either.
 */
export async function requireProject(
  key: string,
  permission: Permission = "release:read",
  within?: { releaseId: string } | { templateId: string },
): Promise<{ user: SessionUser; project: ProjectRef }> {
  const user = await requireUser();
  const project = await projectOf("projectKey", key);
  if (!project || !can(user, "release:read", project) || !can(user, permission, project)) notFound();
  if (within) {
    const owner = "releaseId" in within ? await projectOf("releaseId", within.releaseId.toLowerCase()) : await projectOf("templateId", within.templateId.toLowerCase());
    if (owner?.id !== project.id) notFound();
  }
  return { user, project };
}
