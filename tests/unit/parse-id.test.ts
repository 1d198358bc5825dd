import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors/app-error";
import { bigIdField, dateField, idField, parseId, parseWholeNumber, requireId, toWholeNumber, wholeNumberField } from "../../lib/http/parse-id";
import { createReleaseSchema, setItemStateSchema } from "../../lib/releases/release.schema";

const ID = "3f2b8c1e-9d4a-4f6b-8e2d-1a2b3c4d5e6f";

/** 36 characters that the old check (`/^[0-9a-f-]{36}$/`) let through to PostgreSQL, which answered an error (500). */
const LOOKALIKES = ["-".repeat(36), "a".repeat(36), "0123456789abcdef0123456789abcdef----", "3f2b8c1e-9d4a-4f6b-8e2d1a2b3c4d5e6f-"];

describe("ids", () => {
  it("accepts a canonical UUID of any version, in either case, and returns it in lower case", () => {
    expect(parseId(ID)).toBe(ID);
    expect(parseId(ID.toUpperCase())).toBe(ID);
    expect(parseId("00000000-0000-0000-0000-000000000000")).toBe("00000000-0000-0000-0000-000000000000");
  });

  it.each(LOOKALIKES)("refuses the 36-character lookalike %s", (value) => {
    expect(value).toHaveLength(36);
    expect(parseId(value)).toBeNull();
  });

  it.each([undefined, null, 42, [ID], "", ` ${ID}`, `${ID}0`, `{${ID}}`, ID.replaceAll("-", "")])("refuses %j", (value) => {
    expect(parseId(value)).toBeNull();
  });

  it("requireId answers NOT_FOUND with the caller's message", () => {
    expect(requireId(ID.toUpperCase(), "Release not found.")).toBe(ID);
    try {
      requireId("-".repeat(36), "Release not found.");
      expect.unreachable("a lookalike id was accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "NOT_FOUND", status: 404, message: "Release not found." });
    }
  });

  it("idField refuses lookalikes with its message and lower-cases what it accepts", () => {
    const field = idField("Unknown release.");
    expect(field.parse(ID.toUpperCase())).toBe(ID);
    const refused = field.safeParse("-".repeat(36));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("Unknown release.");
  });
});

describe("whole numbers", () => {
  it("parses digits within the bounds and PostgreSQL's integer", () => {
    expect(parseWholeNumber("3", "version", { min: 1 })).toBe(3);
    expect(parseWholeNumber("2147483647", "version")).toBe(2_147_483_647);
    expect(parseWholeNumber(null, "version")).toBeUndefined();
    expect(parseWholeNumber("  ", "version")).toBeUndefined();
  });

  it.each([
    ["99999999999999999999", "version must be at most 2,147,483,647."],
    ["2147483648", "version must be at most 2,147,483,647."],
    ["0", "version must be at least 1."],
    ["1.5", "version must be a whole number."],
    ["1e3", "version must be a whole number."],
    ["0x10", "version must be a whole number."],
    ["abc", "version must be a whole number."],
    ["Infinity", "version must be a whole number."],
  ])("refuses %s with a 400 naming the field", (value, message) => {
    try {
      parseWholeNumber(value, "version", { min: 1 });
      expect.unreachable(`${value} was accepted`);
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_REQUEST", status: 400, message, fieldErrors: { version: [expect.stringMatching(/^Version /)] } });
    }
  });

  it("toWholeNumber answers null for what parseWholeNumber refuses", () => {
    expect(toWholeNumber("7", { min: 1 })).toBe(7);
    expect(toWholeNumber("99999999999999999999", { min: 1 })).toBeNull();
    expect(toWholeNumber("0", { min: 1 })).toBeNull();
  });

  it("wholeNumberField takes JSON numbers and form digits, and names the field when out of range", () => {
    const field = wholeNumberField("Template version", { min: 1 });
    expect(field.parse(4)).toBe(4);
    expect(field.parse("4")).toBe(4);
    expect(field.safeParse(99_999_999_999).error?.issues[0]?.message).toBe("Template version must be at most 2,147,483,647.");
    expect(field.safeParse(1.5).error?.issues[0]?.message).toBe("Template version must be a whole number.");
    expect(field.safeParse(true).error?.issues[0]?.message).toBe("Template version must be a whole number.");
  });

  it("the release schemas refuse an out-of-range templateVersion and expectedVersion, naming them", () => {
    const release = createReleaseSchema.safeParse({ templateId: ID, version: "1.2.3", environment: "staging", templateVersion: 99_999_999_999 });
    expect(release.success).toBe(false);
    expect(release.error?.issues[0]).toMatchObject({ path: ["templateVersion"], message: "Template version must be at most 2,147,483,647." });
    const item = setItemStateSchema.safeParse({ releaseId: ID, itemKey: "a", status: "done", expectedVersion: "99999999999" });
    expect(item.error?.issues[0]).toMatchObject({ path: ["expectedVersion"] });
  });

  it("bigIdField takes a positive bigint cursor and refuses one beyond PostgreSQL's bigint", () => {
    const field = bigIdField("Unknown page.");
    expect(field.parse("42")).toBe(42n);
    expect(field.parse("9223372036854775807")).toBe(9_223_372_036_854_775_807n);
    for (const value of ["9223372036854775808", "99999999999999999999999", "0", "-1", "abc", " "]) {
      expect(field.safeParse(value).success, value).toBe(false);
    }
  });

  it("dateField refuses dates PostgreSQL cannot compare", () => {
    const field = dateField("From");
    expect(field.parse("2026-11-28").toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(field.safeParse("+275760-09-13").error?.issues[0]?.message).toBe("From must be a date between the years 1 and 9999.");
    expect(field.safeParse("-100000-01-01").success).toBe(false);
    expect(field.safeParse("not a date").error?.issues[0]?.message).toBe("From must be a date.");
  });
});
