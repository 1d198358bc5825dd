import "server-only";
import type { z } from "zod";
import { AppError, toAppError } from "../errors/app-error";
import { fieldErrorsOf } from "./action";
import { getCurrentUser } from "./current-user";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session-user";
import { type AuditContext, tokenActor, userActor } from "../audit/actor";
import { authenticateToken } from "../tokens/tokens";
import { tokenRefusal, type TokenGrant } from "../tokens/token-scopes";
import { originFromHeaders } from "./request-origin";
import { logger } from "../observability/logger";
import { noteRequestUser, observed, withRequestIdHeader } from "../observability/observe-request";
import { routePattern } from "../observability/route-pattern";
import { isSameOrigin } from "../security/same-origin";
import { PRIVATE_CACHE_CONTROL } from "../security/response-headers";
import { PASSWORD_CHANGE_REQUIRED } from "./password-policy";
import { authorizeInProject } from "./project-access";
import type { ProjectRef, ProjectScope } from "../projects/resolve-project";

/**
 * The wrapper every JSON route handler goes through: a bearer token or the
 * browser session; 401 without either,
 * 403 without the permission, 400 with field errors for bad input, and a
 * JSON error body (never a stack trace) for everything else. Every call is
 * timed under its route pattern and logged as one line (lib/observability).
 */

export function jsonError(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") logger.error({ err: error }, "unexpected error in an API route");
  return Response.json(
    { error: { code: appError.code, message: appError.message, fields: appError.fieldErrors, details: appError.details } },
    { status: appError.status },
  );
}

/** `token`: the API token the request came with (its scopes, its project), absent for a browser session. */
type Context = AuditContext & { user: SessionUser; request: Request; tokenId?: string; token?: TokenGrant; project?: ProjectRef };

/** Bearer token first (automation), else the browser session. */
async function authenticate(request: Request): Promise<{ user: SessionUser; token?: TokenGrant } | null> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? await authenticateToken(match[1]) : null;
    if (!token) throw new AppError("UNAUTHENTICATED", "The API token is invalid, revoked, or its user is disabled.");
    return { user: token.user, token: token.token };
  }
  const user = await getCurrentUser();
  if (!user) return null;
  // A browser session may only change things from our own pages (no cross-site requests).
  if (!["GET", "HEAD", "OPTIONS"].includes(request.method) && !isSameOrigin(request.headers)) {
    throw new AppError("FORBIDDEN", "Cross-origin requests need an API token.");
  }
  return { user };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "The request body must be JSON.");
  }
}

type RouteParams = { params?: Promise<Record<string, string | string[] | undefined>> };

/**
 * `route` names the route pattern for metrics and logs; without it the
 * pattern is derived from the path and the params Next passes.
 */
type RouteOptions<S> = {
  permission: Permission;
  schema?: S;
  route?: string;
  /** How the body's text is read (e.g. with a size limit); by default all of it. Read before authenticating, so a limit applies first. */
  readBody?: (request: Request) => Promise<string>;
  /** The project the request acts in, from the route's params (and body): the permission is checked there; a project the caller may not read answers 404. */
  project?: (params: Record<string, string | string[] | undefined>, input: unknown) => ProjectScope;
  /**
   * The project key the path names (/api/v1/projects/{key}/…), known without a query: a token restricted to
   * another project is answered 404 at once, and an object resolved by `project` must belong to this one (404).
   */
  projectKey?: (params: Record<string, string | string[] | undefined>) => string;
};

export function apiRoute<S extends z.ZodType | undefined>(
  options: RouteOptions<S>,
  handler: (input: S extends z.ZodType ? z.output<S> : undefined, context: Context) => Promise<unknown>,
) {
  return async (request: Request, routeContext?: RouteParams): Promise<Response> => {
    const route = options.route ?? routePattern(new URL(request.url).pathname, (await routeContext?.params?.catch(() => undefined)) ?? {});
    const params = (await routeContext?.params?.catch(() => undefined)) ?? {};
    return observed(
      { route, method: request.method, headers: request.headers },
      async (requestContext) => withRequestIdHeader(privateResponse(await handle(request, options, handler, params)), requestContext),
      (response) => response.status,
    );
  };
}

/** An API answer holds its caller's data: never cached (the handler may be stricter, e.g. no-transform). */
function privateResponse(response: Response): Response {
  try {
    if (!response.headers.has("cache-control")) response.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
  } catch {
    // Immutable headers: leave them.
  }
  return response;
}

async function handle<S extends z.ZodType | undefined>(
  request: Request,
  options: RouteOptions<S>,
  handler: (input: S extends z.ZodType ? z.output<S> : undefined, context: Context) => Promise<unknown>,
  params: Record<string, string | string[] | undefined> = {},
): Promise<Response> {
  try {
    // The body is read once, as text, and parsed once against the route's schema.
    const bodyText = options.schema ? await (options.readBody ?? ((from: Request) => from.text()))(request) : undefined;
    const caller = await authenticate(request);
    if (!caller) throw new AppError("UNAUTHENTICATED", "Sign in, or send a valid token.");
    const { user, token } = caller;
    noteRequestUser(user.id);
    if (user.mustChangePassword) throw new AppError("FORBIDDEN", PASSWORD_CHANGE_REQUIRED);
    // A token is used only through its scopes (and never to sign off): lib/tokens/token-scopes.ts.
    const refusal = token ? tokenRefusal(token.scopes, options.permission) : null;
    if (refusal) throw new AppError("FORBIDDEN", refusal);
    // A token restricted to one project reaches nothing of another: as if it did not exist.
    const pathKey = options.projectKey?.(params);
    if (pathKey !== undefined && token?.project && token.project.key !== pathKey) throw new AppError("NOT_FOUND", "Not found.");
    if (!can(user, options.permission)) throw new AppError("FORBIDDEN", "You do not have permission to do that.");
    let input: unknown = undefined;
    if (options.schema) {
      const body = parseJson(bodyText ?? "");
      const parsed = options.schema.safeParse(body);
      if (!parsed.success) throw new AppError("BAD_REQUEST", "The request has invalid fields.", fieldErrorsOf(parsed.error));
      input = parsed.data;
    }
    const project = options.project ? await authorizeInProject(user, options.permission, options.project(params, input)) : undefined;
    // The object must be of the project the path names, and of the token's project (when restricted).
    if (project && ((pathKey !== undefined && project.key !== pathKey) || (token?.project && token.project.id !== project.id))) throw new AppError("NOT_FOUND", "Not found.");
    const actor = token?.kind === "project" ? tokenActor(token) : userActor(user, token?.id);
    const context: Context = { user, request, tokenId: token?.id, actor, origin: originFromHeaders(request.headers), ...(token ? { token } : {}), ...(project ? { project } : {}) };
    const result = await handler(input as S extends z.ZodType ? z.output<S> : undefined, context);
    return result instanceof Response ? result : Response.json(result);
  } catch (error) {
    return jsonError(error);
  }
}
