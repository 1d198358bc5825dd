import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, isDatabaseUnavailable, nameForMessage, toAppError, type AppErrorCode } from "../../lib/errors/app-error";

describe("AppError", () => {
  /** The codes that are the server's fault or state; every other code is the caller's (4xx). */
  const SERVER_SIDE: AppErrorCode[] = ["INTERNAL", "UNAVAILABLE"];

  it("answers every code with an HTTP error status of the right class, each code its own status", () => {
    const codes = Object.keys(ERROR_STATUS) as AppErrorCode[];
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      const status = new AppError(code, "message").status;
      expect(status, code).toBe(ERROR_STATUS[code]);
      expect(Number.isInteger(status) && status >= 400 && status < 600, `${code} → ${status}`).toBe(true);
      expect(status >= 500, `${code} → ${status} (5xx only for the server's side)`).toBe(SERVER_SIDE.includes(code));
    }
    // A client tells the cases apart by status alone (a retry after 503, a reload after 409, re-authentication after 401).
    expect(new Set(codes.map((code) => ERROR_STATUS[code])).size).toBe(codes.length);
  });

  it("gives the statuses clients act on their standard meaning", () => {
    // What callers rely on, one behaviour each: sign in again, not allowed, gone, reload and retry, too big, slow down, try later.
    expect(new AppError("UNAUTHENTICATED", "").status).toBe(401);
    expect(new AppError("FORBIDDEN", "").status).toBe(403);
    expect(new AppError("NOT_FOUND", "").status).toBe(404);
    expect(new AppError("CONFLICT", "").status).toBe(409);
    expect(new AppError("PAYLOAD_TOO_LARGE", "").status).toBe(413);
    expect(new AppError("RATE_LIMITED", "").status).toBe(429);
    expect(toAppError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).status).toBe(503);
    expect(toAppError(new Error("boom")).status).toBe(500);
  });

  it("reports a schema's refusal as 400 naming the field", () => {
    const refused = z.object({ email: z.string().email("Enter a valid email address.") }).safeParse({ email: "nope" });
    const error = toAppError(refused.error);
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({ email: ["Enter a valid email address."] });
    expect(error.message).toBe("email: Enter a valid email address.");
  });

  it("carries its message and field errors", () => {
    const error = new AppError("BAD_REQUEST", "Please correct the fields.", { email: ["Enter a valid email address."] });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AppError");
    expect(error.message).toBe("Please correct the fields.");
    expect(error.fieldErrors).toEqual({ email: ["Enter a valid email address."] });
  });
});

describe("toAppError", () => {
  it("passes an AppError through unchanged", () => {
    const error = new AppError("CONFLICT", "A user with this email already exists.");
    expect(toAppError(error)).toBe(error);
  });

  const internals: unknown[] = [
    new Error('duplicate key value violates unique constraint "users_email_key" (password_hash=$argon2id$v=19$secret)'),
    new TypeError("Cannot read properties of undefined (reading 'passwordHash') at /work/main/lib/users/create-user.ts:12"),
    Object.assign(new Error("relation \"users\" does not exist"), { code: "42P01" }),
    "a thrown string with postgresql://app:hunter2@db/countersign",
    { message: "plain object with secret hunter2" },
    undefined,
    null,
  ];

  it.each(internals)("never leaks internal details (%#)", (thrown) => {
    const error = toAppError(thrown);
    expect(error.code).toBe("INTERNAL");
    expect(error.status).toBe(500);
    expect(error.message).toBe("Something went wrong on our side. Please try again.");
    expect(error.fieldErrors).toBeUndefined();
    for (const secret of ["hunter2", "argon2id", "users_email_key", "passwordHash", "/work/", "relation"]) {
      expect(error.message).not.toContain(secret);
    }
  });

  it.each([
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    new Error("Connection terminated unexpectedly"),
    new Error("wrapped", { cause: Object.assign(new Error("inner"), { code: "ETIMEDOUT" }) }),
    // As Prisma 6 with @prisma/adapter-pg reports them when PostgreSQL stops under load (tests/reliability/database-outage.test.ts):
    Object.assign(new Error("Raw query failed."), {
      code: "P2010",
      meta: { driverAdapterError: Object.assign(new Error("inner"), { cause: { kind: "postgres", originalCode: "57P01", code: "57P01" } }) },
    }),
    Object.assign(new Error("Server has closed the connection."), { code: "P1017", meta: { modelName: "ApiToken" } }),
    new Error("Client has encountered a connection error and is not queryable"),
    Object.assign(new Error("Invalid invocation"), { code: "P2028", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } }),
    Object.assign(new Error("Invalid invocation"), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }),
  ])("reports an unreachable database as UNAVAILABLE without details (%#)", (thrown) => {
    expect(isDatabaseUnavailable(thrown)).toBe(true);
    const error = toAppError(thrown);
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.status).toBe(503);
    expect(error.message).not.toMatch(/5432|ECONNREFUSED|57P01|terminat|inner/);
  });
});

describe("text PostgreSQL cannot store", () => {
  it.each([
    Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: "DriverAdapterError", cause: { kind: "postgres", originalCode: "22021", code: "22021" } }),
    Object.assign(new Error("Raw query failed."), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "22021" } } } }),
  ])("is the request's fault (400), not an internal error (%#)", (thrown) => {
    const error = toAppError(thrown);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("The request contains a character that cannot be stored (such as a NUL character).");
  });
});

describe("nameForMessage", () => {
  it.each(["Tech Lead", "QA Lead", "On-call Engineer", "R&D (EU) / Ops, Inc."])("repeats a name (%s)", (name) => {
    expect(nameForMessage(name, "chosen")).toBe(name);
  });

  it.each(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'; DROP TABLE users; --", "\u0000\u202e", "", "x".repeat(81), "../../../etc/passwd", "/etc/passwd", ".env"])("never repeats anything else (%#)", (value) => {
    expect(nameForMessage(value, "chosen")).toBe("chosen");
  });
});
