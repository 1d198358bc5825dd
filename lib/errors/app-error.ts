import { ZodError } from "zod";

/**
 * The one error type use cases throw. Its code maps to an HTTP status and a
 * message safe to show a user; anything else is an internal error whose
 * details stay in the server log.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** A path that moved for good (the unscoped /api/v1 paths before projects): the message names the new one. */
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Safe, structured context for the caller, e.g. the current state after a conflict. */
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, fieldErrors?: FieldErrors, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "57P01", "57P02", "57P03", "53300", "08006", "08001", "08003", "08004"]);
/** Prisma's codes for "cannot reach / lost the database": P1001 unreachable, P1002 timed out, P1017 connection closed. */
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1017"]);
/** The driver adapter's error kinds (@prisma/adapter-pg) that mean the same. */
const ADAPTER_CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

type ErrorLink = { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/** The error and those it wraps, outermost first: `cause`, and Prisma's driver adapter error (kept in meta, not in cause). */
function* errorChain(error: unknown): Generator<ErrorLink> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    const link = current as ErrorLink;
    yield link;
    current = link.cause ?? link.meta?.driverAdapterError;
  }
}

/** True when an error means the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const candidate of errorChain(error)) {
    if (typeof candidate.code === "string" && (CONNECTION_ERROR_CODES.has(candidate.code) || PRISMA_CONNECTION_CODES.has(candidate.code))) return true;
    if (typeof candidate.originalCode === "string" && CONNECTION_ERROR_CODES.has(candidate.originalCode)) return true;
    if (typeof candidate.kind === "string" && ADAPTER_CONNECTION_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && /connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|Can't reach database|terminating connection due to administrator command|the database system is (starting up|shutting down)|Client has encountered a connection error|Client was closed and is not queryable/i.test(candidate.message)) {
      return true;
    }
  }
  return false;
}

/** 22021 invalid byte sequence (e.g. NUL in text), 22P05 untranslatable character. */
const UNSTORABLE_TEXT_CODES = new Set(["22021", "22P05"]);

/** True when the error, or one it wraps, carries one of these SQLSTATEs. */
function hasSqlState(error: unknown, codes: Set<string>): boolean {
  for (const candidate of errorChain(error)) {
    if ((typeof candidate.code === "string" && codes.has(candidate.code)) || (typeof candidate.originalCode === "string" && codes.has(candidate.originalCode))) return true;
  }
  return false;
}

/**
 * A submitted name (a role, a contact role) as a message may repeat it: only
 * when it looks like a name (letters, digits, spaces and & / ( ) . , ' -, and
 * not a path), so markup, SQL, paths or control characters a client sent are
 * never echoed back.
 */
export function nameForMessage(value: string, fallback: string): string {
  // A path ("../../etc/passwd", "/etc") is made of those characters too, and is never a name.
  const pathLike = value.includes("..") || /^[/.]/.test(value);
  return !pathLike && /^[\p{L}\p{N} &/().,'-]{1,80}$/u.test(value) ? value : fallback;
}

/** Turns any thrown value into an AppError that is safe to show. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // A use case's own schema refused the input: name the fields, like the wrappers do.
  if (error instanceof ZodError) {
    const fieldErrors: FieldErrors = {};
    for (const issue of error.issues) (fieldErrors[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
    const first = Object.entries(fieldErrors)[0];
    return new AppError("BAD_REQUEST", first ? `${first[0]}: ${first[1][0]}` : "The request has invalid fields.", fieldErrors);
  }
  // PostgreSQL cannot store the text (a NUL character, or bytes that are not UTF-8): the input's fault, nothing was written.
  if (hasSqlState(error, UNSTORABLE_TEXT_CODES)) {
    return new AppError("BAD_REQUEST", "The request contains a character that cannot be stored (such as a NUL character).");
  }
  // P2028: no connection or transaction slot in time: the server is busy, not broken.
  if (isDatabaseUnavailable(error) || (error as { code?: unknown })?.code === "P2028") {
    return new AppError("UNAVAILABLE", "The service is temporarily unavailable. Please try again in a moment.");
  }
  return new AppError("INTERNAL", "Something went wrong on our side. Please try again.");
}
