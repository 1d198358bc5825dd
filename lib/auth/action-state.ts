import type { FieldErrors } from "../errors/app-error";

/** What a server action returns to `useActionState` (shared with client components). */
export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "success"; message: string; data?: T }
  | { status: "error"; message: string; fieldErrors?: FieldErrors; values?: SubmittedValues; details?: unknown };

/** What the user typed, returned with an error so the form can show it again (never passwords). */
export type SubmittedValues = Record<string, string | string[]>;

/** The state before the first call; fits every ActionState<T>. */
export const idleState: { status: "idle" } = { status: "idle" };
