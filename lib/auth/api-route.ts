import "server-only";
import type { z } from "zod";
import { AppError, toAppError } from "../errors/app-error";
import { fieldErrorsOf } from "./action";
import { getCurrentUser } from "./current-user";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session-user";

/**
 * The wrapper every JSON route handler goes through: 401 without a session,
 * 403 without the permission, 400 with field errors for bad input, and a
 * JSON error body (never a stack trace) for everything else.
 */

export function jsonError(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") console.error("[api] unexpected error", error);
  return Response.json(
    { error: { code: appError.code, message: appError.message, fields: appError.fieldErrors } },
    { status: appError.status },
  );
}

type Context = { user: SessionUser; request: Request };

export function apiRoute<S extends z.ZodType | undefined>(
  options: { permission: Permission; schema?: S },
  handler: (input: S extends z.ZodType ? z.output<S> : undefined, context: Context) => Promise<unknown>,
) {
  return async (request: Request): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in, or send a valid token.");
      if (!can(user, options.permission)) throw new AppError("FORBIDDEN", "You do not have permission to do that.");
      let input: unknown = undefined;
      if (options.schema) {
        const body: unknown = await request.json().catch(() => {
          throw new AppError("BAD_REQUEST", "The request body must be JSON.");
        });
        const parsed = options.schema.safeParse(body);
        if (!parsed.success) throw new AppError("BAD_REQUEST", "The request has invalid fields.", fieldErrorsOf(parsed.error));
        input = parsed.data;
      }
      const result = await handler(input as S extends z.ZodType ? z.output<S> : undefined, { user, request });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return jsonError(error);
    }
  };
}
