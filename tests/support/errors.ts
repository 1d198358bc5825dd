import { expect } from "vitest";
import { AppError } from "../../lib/errors/app-error";

/** Awaits a call that must fail with an AppError, and returns that error. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`Expected an AppError, but the call succeeded with ${JSON.stringify(outcome)}`);
}
