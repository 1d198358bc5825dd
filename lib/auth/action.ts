import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { AppError, type FieldErrors, toAppError } from "../errors/app-error";
import { getCurrentUser } from "./current-user";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session-user";
import type { ActionState, SubmittedValues } from "./action-state";
import { type AuditContext, userActor } from "../audit/actor";
import { originFromHeaders } from "./request-origin";
import { logger } from "../observability/logger";
import { observedAction } from "../observability/observe-action";
import { noteRequestStatus } from "../observability/observe-request";
import { CROSS_ORIGIN_MESSAGE, isSameOrigin } from "../security/same-origin";
import { PASSWORD_CHANGE_REQUIRED } from "./password-policy";
import { authorizeInProject } from "./project-access";
import type { ProjectRef, ProjectScope } from "../projects/resolve-project";

/**
 * The one wrapper every mutating server action goes through: refuse other
 * origins (lib/security/same-origin.ts), authenticate,
 * check a named permission, validate with zod, run the use case, and turn
 * any failure into a state `useActionState` can show (field errors included).
 * Unexpected errors are logged and reported without details.
 */

export type { ActionState } from "./action-state";

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "form";
    (fieldErrors[key] ??= []).push(issue.code === "unrecognized_keys" ? unknownFieldsMessage(issue.keys) : issue.message);
  }
  return fieldErrors;
}

/** Names unknown fields when they look like field names (a typo), never echoing arbitrary submitted text. */
function unknownFieldsMessage(keys: string[]): string {
  const named = keys.filter((key) => /^[A-Za-z_][\w.-]{0,40}$/.test(key));
  return named.length === keys.length ? `Unknown field${keys.length === 1 ? "" : "s"}: ${named.join(", ")}.` : "The request has an unknown field.";
}

/** The submitted fields minus secrets, capped in size, to refill a form after an error. */
export function echoValues(input: Record<string, unknown>): SubmittedValues {
  const values: SubmittedValues = {};
  for (const [key, value] of Object.entries(input)) {
    if (/password|secret|token/i.test(key)) continue;
    if (typeof value === "string") values[key] = value.slice(0, 10_000);
    else if (Array.isArray(value)) values[key] = value.filter((entry): entry is string => typeof entry === "string").slice(0, 100);
  }
  return values;
}

/** What a use case needs to know about the caller: the user, the project it acts in (when the action names one), and the actor and origin its audit event records. */
export type ActionContext = AuditContext & { user: SessionUser; project?: ProjectRef };

/** What a handler returns: the message to show and, when the caller needs it, typed data. */
export type ActionResult<T> = { message: string; data?: T };

/** A validated server action: called with a plain object (typed by its schema's input), answered with typed data. */
export type Action<I, T> = (input: I) => Promise<ActionState<T>>;

/**
 * Wraps a handler as a server action taking a plain object. Callers that have
 * a form element go through an adapter in app/ (app/_lib/form-action.ts) that
 * turns the form's fields into that object; everything else calls the action
 * with the object itself. The input is validated here, once, against `schema`.
 */
export function validatedAction<S extends z.ZodType, T = never>(
  options: {
    permission: Permission;
    schema: S;
    name?: string;
    /** The project the input acts in (a release, a template, a project key): the permission is checked there, and a project the user may not read answers "not found". */
    project?: (input: z.output<S>) => ProjectScope;
  },
  handler: (input: z.output<S>, context: ActionContext) => Promise<ActionResult<T>>,
): Action<z.input<S>, T> {
  return observedAction(options.name, async (input: z.input<S>): Promise<ActionState<T>> => {
    const submitted: Record<string, unknown> = input !== null && typeof input === "object" && !Array.isArray(input) ? { ...input } : {};
    try {
      // Only our own pages may call actions: a foreign, `null` or missing Origin is refused.
      if (!isSameOrigin(await headers())) throw new AppError("FORBIDDEN", CROSS_ORIGIN_MESSAGE);
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      if (!can(user, options.permission)) throw new AppError("FORBIDDEN", "You do not have permission to do that.");
      if (user.mustChangePassword && options.permission !== "password:change") throw new AppError("FORBIDDEN", PASSWORD_CHANGE_REQUIRED);
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        return { status: "error", message: "Please correct the highlighted fields.", fieldErrors, values: echoValues(submitted) };
      }
      const project = options.project ? await authorizeInProject(user, options.permission, options.project(parsed.data)) : undefined;
      const context: ActionContext = { user, actor: userActor(user), origin: originFromHeaders(await headers()), ...(project ? { project } : {}) };
      const result = await handler(parsed.data, context);
      return { status: "success", message: result.message, data: result.data };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "INTERNAL") logger.error({ err: error }, "unexpected error in a server action");
      noteRequestStatus(appError.status);
      // details: the AppError's safe, structured context (e.g. the release a gate waits for); never for INTERNAL.
      const details = appError.code === "INTERNAL" ? undefined : appError.details;
      return { status: "error", message: appError.message, fieldErrors: appError.fieldErrors, values: echoValues(submitted), ...(details === undefined ? {} : { details }) };
    }
  });
}
