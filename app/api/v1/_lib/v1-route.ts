import "server-only";
import { z } from "zod";
import { apiRoute } from "@/lib/auth/api-route";
import { fieldErrorsOf } from "@/lib/auth/action";
import type { Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { itemKeyParamSchema } from "./schemas";
import { requireId } from "@/lib/http/parse-id";
import type { ProjectScope } from "@/lib/projects/resolve-project";
import { PROJECT_KEY_PATTERN } from "@/lib/projects/project.schema";

/**
 * The /api/v1 routes' thin layer over apiRoute (which still authenticates,
 * authorizes, validates the body and shapes every error): it hands the
 * handler the route's params, and refuses bodies over 64 KB with 413 before
 * they are parsed, by Content-Length and by the bytes actually read.
 */

export const MAX_BODY_BYTES = 64 * 1024;

type ApiRouteOptions<S extends z.ZodType | undefined> = {
  permission: Permission;
  /** The body's schema (validated once, here). */
  schema?: S;
  /** The answer's schema: what the OpenAPI document shows (operations.ts); the route carries it so tests can check the two are the same. */
  response?: z.ZodType;
  /** The project the request acts in (see apiRoute): checked there, 404 when the caller may not read it. */
  project?: (params: Params, input: unknown) => ProjectScope;
  /** The project key the path names (see apiRoute): `projectKeyOf` for every route under /projects/{key}. */
  projectKey?: (params: Params) => string;
};
type ApiContext = Parameters<Parameters<typeof apiRoute>[1]>[1];
type Input<S> = S extends z.ZodType ? z.output<S> : undefined;
type Params = Record<string, string | string[] | undefined>;

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);

/** The body as text, read at most MAX_BODY_BYTES + 1 bytes far. */
async function readLimitedBody(request: Request): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function v1Route<S extends z.ZodType | undefined = undefined, P extends Params = Params>(
  options: ApiRouteOptions<S>,
  handler: (input: Input<S>, context: ApiContext & { params: P }) => Promise<unknown>,
) {
  const route = async (request: Request, routeContext: { params: Promise<P> }): Promise<Response> => {
    const params = await routeContext.params;
    return apiRoute({ ...options, readBody: readLimitedBody }, (input, context) => handler(input as Input<S>, { ...context, params }))(request, routeContext);
  };
  return Object.assign(route, { schema: options.schema, response: options.response });
}

/** The project key of a path under /api/v1/projects/{key}/… (anything malformed is simply not found). */
export function projectKeyOf(params: { key?: string | string[] }): string {
  const key = typeof params.key === "string" ? params.key : "";
  if (!PROJECT_KEY_PATTERN.test(key)) throw new AppError("NOT_FOUND", "Project not found.");
  return key;
}

/** The project named by the path's key. */
export const pathProject = (params: Params): ProjectScope => ({ projectKey: projectKeyOf(params as { key?: string | string[] }) });

/** The project of the release named by the path's id. */
export const releaseProject = (params: Params): ProjectScope => ({ releaseId: releaseIdOf(params as { id?: string | string[] }) });

/** Path ids: anything that is not a well-formed id is simply not found. */
export function releaseIdOf(params: { id?: string | string[] }): string {
  return requireId(params.id, "Release not found.");
}

export function itemKeyOf(params: { itemKey?: string | string[] }): string {
  const key = typeof params.itemKey === "string" ? params.itemKey : "";
  // The message does not repeat the key: it is whatever the caller put in the path.
  if (!itemKeyParamSchema.safeParse(key).success) throw new AppError("NOT_FOUND", "This item is not part of the release.", { itemKey: ["This item is not part of the release."] });
  return key;
}

/** Query parameters through a zod schema: 400 naming each bad parameter; empty values count as absent. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (value.trim() !== "") raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The query has invalid parameters.", fieldErrorsOf(parsed.error));
  return parsed.data;
}
