import "server-only";
import { headers } from "next/headers";
import type { ActionState } from "../auth/action-state";
import { observed } from "./observe-request";

/**
 * Times a server action and logs it under `action:<name>` (see observed()).
 * Success counts as 200; an error as the status the wrapper noted
 * (noteRequestStatus), else 400 (invalid fields).
 */
export function observedAction<A extends unknown[], T>(name: string | undefined, action: (...args: A) => Promise<ActionState<T>>) {
  return async (...args: A): Promise<ActionState<T>> =>
    observed(
      { route: `action:${name ?? "unnamed"}`, method: "POST", headers: await headers() },
      () => action(...args),
      (result, context) => (result.status === "success" ? 200 : (context.status ?? 400)),
    );
}
