import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * The one place ids and whole numbers from a request (path, query, form or
 * JSON body) are parsed. Everything else is refused here, before it reaches
 * the database: PostgreSQL would answer an error (a 500) for a `uuid` that is
 * not one or an `integer` out of range.
 *
 * - An id is a UUID in its canonical form: 8-4-4-4-12 hexadecimal digits (any
 *   version; PostgreSQL's `uuid` type takes them all). Returned in lower case.
 *   A malformed id in a path means "no such thing": 404.
 * - A whole number is decimal digits only (an optional minus), within the
 *   caller's bounds and never beyond PostgreSQL's `integer`. A bad one in a
 *   query or body is a 400 naming the field.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL's `integer` range: versions, positions and counts are stored as such. */
export const MAX_INTEGER = 2_147_483_647;
export const MIN_INTEGER = -2_147_483_648;

export function isId(value: unknown): value is string {
  return typeof value === "string" && value.length === 36 && UUID.test(value);
}

/** The id in lower case, or null when `value` is not a well-formed id (arrays from catch-all segments included). */
export function parseId(value: unknown): string | null {
  return isId(value) ? value.toLowerCase() : null;
}

/** For route handlers and use cases: a malformed id is "not found" (404) with `message`. */
export function requireId(value: unknown, message = "Not found."): string {
  const id = parseId(value);
  if (id === null) throw new AppError("NOT_FOUND", message);
  return id;
}

/** For zod schemas of forms and JSON bodies: an id field, refused with `message` (400 naming the field). */
export function idField(message: string) {
  return z
    .string({ message })
    .trim()
    .refine((value) => isId(value), message)
    .transform((value) => value.toLowerCase());
}

export type WholeNumberBounds = { min?: number; max?: number };

/** Why `text` is not a whole number within the bounds, or null when it is one. */
function wholeNumberProblem(value: unknown, bounds: WholeNumberBounds): string | null {
  const min = Math.max(bounds.min ?? MIN_INTEGER, MIN_INTEGER);
  const max = Math.min(bounds.max ?? MAX_INTEGER, MAX_INTEGER);
  let number: number;
  if (typeof value === "number") number = value;
  else if (typeof value === "string" && /^\s*-?\d{1,20}\s*$/.test(value)) number = Number(value);
  else return "must be a whole number";
  if (!Number.isInteger(number)) return "must be a whole number";
  if (number < min) return `must be at least ${min.toLocaleString("en")}`;
  if (number > max) return `must be at most ${max.toLocaleString("en")}`;
  return null;
}

/**
 * A whole number from a query parameter: undefined when absent or empty,
 * else the number, or a 400 naming `field` when it is not a whole number in
 * range (`?version=99999999999999999999`, `?version=1.5`, `?version=abc`).
 */
export function parseWholeNumber(value: string | null | undefined, field: string, bounds: WholeNumberBounds = {}): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const problem = wholeNumberProblem(value, bounds);
  if (problem) throw new AppError("BAD_REQUEST", `${field} ${problem}.`, { [field]: [`${capitalised(field)} ${problem}.`] });
  return Number(value);
}

/**
 * For zod schemas: a whole number given as a number (JSON) or as digits (a
 * form field or query), within bounds and PostgreSQL's `integer`; refusals
 * name `label` ("Template version must be at most 2,147,483,647.").
 */
export function wholeNumberField(label: string, bounds: WholeNumberBounds = {}) {
  return z.union([z.number(), z.string()], { message: `${label} must be a whole number.` }).transform((value, context) => {
    const problem = wholeNumberProblem(value, bounds);
    if (problem) {
      context.addIssue({ code: "custom", message: `${label} ${problem}.` });
      return z.NEVER;
    }
    return Number(value);
  });
}

/** For pages: the whole number in `value` within bounds, or null (the page then answers "not found" or explains). */
export function toWholeNumber(value: string, bounds: WholeNumberBounds = {}): number | null {
  return wholeNumberProblem(value, bounds) === null ? Number(value) : null;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** PostgreSQL's `bigint` (audit event ids). */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** For zod schemas: a positive `bigint` id given as digits (a keyset cursor), refused with `message` otherwise. */
export function bigIdField(message: string) {
  return z
    .string({ message })
    .regex(/^\d{1,19}$/, message)
    .transform((value) => BigInt(value))
    .refine((value) => value > 0n && value <= MAX_BIGINT, message);
}

/**
 * For zod schemas: a date from a query or form (anything `Date` reads, such as
 * 2026-11-28 or an ISO time), between the years 1 and 9999 so PostgreSQL can
 * compare it (JavaScript dates reach year 275760, beyond `timestamp`).
 */
export function dateField(label: string) {
  const message = `${label} must be a date.`;
  return z.coerce
    .date({ message })
    .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, `${label} must be a date between the years 1 and 9999.`);
}
