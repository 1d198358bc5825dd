import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { formFields } from "../../app/_lib/form-action";
import { signInSchema } from "../../lib/auth/sign-in.schema";
import { createSignoffRoleSchema } from "../../lib/roles/signoff-role.schema";
import { createUserSchema, roleKeyList, setUserRolesSchema } from "../../lib/users/user.schema";

/** The messages a failed parse reports for each field path. */
function fieldErrors(result: z.ZodSafeParseResult<unknown>): Record<string, string[]> {
  expect(result.success, "expected the input to be rejected").toBe(false);
  const errors: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) {
    (errors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  }
  return errors;
}

const validUser = {
  email: "ada@example.test",
  name: "Ada Lovelace",
  appRole: "member",
  password: "correct horse battery",
  signoffRoles: ["tech-lead"],
};

describe("createUserSchema", () => {
  it("accepts a valid user and normalises email and name", () => {
    const parsed = createUserSchema.parse({ ...validUser, email: "  Ada@Example.TEST ", name: "  Ada Lovelace " });
    expect(parsed.email).toBe("ada@example.test");
    expect(parsed.name).toBe("Ada Lovelace");
    expect(parsed.signoffRoles).toEqual(["tech-lead"]);
  });

  it.each(["not-an-email", "ada@", "@example.test", "ada example@test.test", "ada@@example.test"])(
    "rejects the email %j naming the field",
    (email) => {
      expect(fieldErrors(createUserSchema.safeParse({ ...validUser, email })).email).toEqual(["Enter a valid email address."]);
    },
  );

  it("rejects a missing, empty or oversized email", () => {
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, email: undefined })).email).toEqual(["Email is required."]);
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, email: "   " })).email).toContain("Email is required.");
    const long = `${"a".repeat(250)}@example.test`;
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, email: long })).email).toContain(
      "Email must be at most 254 characters.",
    );
  });

  it("rejects empty and oversized names", () => {
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, name: "" })).name).toEqual(["Name is required."]);
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, name: "   " })).name).toEqual(["Name is required."]);
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, name: "x".repeat(121) })).name).toEqual([
      "Name must be at most 120 characters.",
    ]);
    expect(createUserSchema.safeParse({ ...validUser, name: "x".repeat(120) }).success).toBe(true);
  });

  it.each(["Ada\u0000Lovelace", "Ada\nLovelace", "Ada\u001bLovelace", "Ada\u007fLovelace", "<script>alert(1)</script>"])(
    "rejects control characters and angle brackets in the name %j",
    (name) => {
      expect(fieldErrors(createUserSchema.safeParse({ ...validUser, name })).name).toEqual([
        "Name may not contain control characters or angle brackets.",
      ]);
    },
  );

  it("rejects short and long passwords, accepts the bounds", () => {
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, password: "x".repeat(11) })).password).toEqual([
      "Password must be at least 12 characters.",
    ]);
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, password: "x".repeat(257) })).password).toEqual([
      "Password must be at most 256 characters.",
    ]);
    expect(createUserSchema.safeParse({ ...validUser, password: "x".repeat(12) }).success).toBe(true);
    expect(createUserSchema.safeParse({ ...validUser, password: "x".repeat(256) }).success).toBe(true);
  });

  it.each(["superuser", "ADMIN", "", "signer"])("rejects the unknown app role %j", (appRole) => {
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, appRole })).appRole).toEqual([
      "Choose admin, member or auditor.",
    ]);
  });

  it("reports every bad field at once", () => {
    const errors = fieldErrors(createUserSchema.safeParse({ email: "x", name: "", appRole: "root", password: "short" }));
    expect(Object.keys(errors).sort()).toEqual(["appRole", "email", "name", "password"]);
  });
});

/** The form as the browser submits it: one `signoffRoles[]` field per ticked checkbox. */
function checkboxGroup(...roles: string[]): FormData {
  const form = new FormData();
  for (const role of roles) form.append("signoffRoles[]", role);
  return form;
}

describe("sign-off role lists (checkbox groups)", () => {
  it("normalises a missing value, one string and a list", () => {
    expect(roleKeyList.parse(undefined)).toEqual([]);
    expect(roleKeyList.parse(["tech-lead", " qa-lead "])).toEqual(["tech-lead", "qa-lead"]);
    const { signoffRoles: _unused, ...withoutRoles } = validUser;
    // The form adapter (app/_lib/form-action.ts) turns the checkbox group into the list the schema takes.
    expect(createUserSchema.parse({ ...withoutRoles, ...formFields(checkboxGroup("qa-lead")) }).signoffRoles).toEqual(["qa-lead"]);
    expect(createUserSchema.parse({ ...withoutRoles, ...formFields(checkboxGroup("tech-lead", "qa-lead")) }).signoffRoles).toEqual(["tech-lead", "qa-lead"]);
    expect(createUserSchema.parse({ ...withoutRoles, ...formFields(checkboxGroup()) }).signoffRoles).toEqual([]);
  });

  it("rejects malformed keys and too many roles", () => {
    expect(roleKeyList.safeParse("Tech Lead").success).toBe(false);
    expect(roleKeyList.safeParse(["tech-lead", "drop table;"]).success).toBe(false);
    expect(roleKeyList.safeParse([""]).success).toBe(false);
    const tooMany = Array.from({ length: 51 }, (_, index) => `role-${index}`);
    const result = roleKeyList.safeParse(tooMany);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain("Too many sign-off roles.");
  });

  it("setUserRolesSchema requires a user id that is a UUID", () => {
    expect(fieldErrors(setUserRolesSchema.safeParse({ userId: "1; DROP TABLE users", appRole: "member" })).userId).toEqual([
      "Unknown user.",
    ]);
    const parsed = setUserRolesSchema.parse({ userId: "6f1c2b1e-8d1a-4f7e-9a55-0d9c1f1e2a3b", appRole: "auditor" });
    expect(parsed.signoffRoles).toEqual([]);
  });
});

describe("signInSchema", () => {
  it("trims and lowercases the email", () => {
    expect(signInSchema.parse({ email: "  Ada@Example.TEST ", password: "x" }).email).toBe("ada@example.test");
  });

  it("names empty fields", () => {
    const errors = fieldErrors(signInSchema.safeParse({ email: "", password: "" }));
    expect(errors.email).toContain("Enter your email.");
    expect(errors.password).toEqual(["Enter your password."]);
  });

  it("rejects malformed emails and oversized input without hinting which part was wrong", () => {
    expect(fieldErrors(signInSchema.safeParse({ email: "nope", password: "x" })).email).toEqual(["Enter a valid email address."]);
    expect(fieldErrors(signInSchema.safeParse({ email: "ada@example.test", password: "x".repeat(257) })).password).toEqual([
      "Email or password is incorrect.",
    ]);
    expect(fieldErrors(signInSchema.safeParse({ email: `${"a".repeat(250)}@example.test`, password: "x" })).email).toContain(
      "Email or password is incorrect.",
    );
  });

  it("rejects non-string input", () => {
    expect(signInSchema.safeParse({ email: ["ada@example.test"], password: 123 }).success).toBe(false);
    expect(signInSchema.safeParse(null).success).toBe(false);
  });
});

describe("createSignoffRoleSchema", () => {
  it.each(["Release Captain", "QA & Release", "Site Reliability (EU)", "Qualité", "Ops/Infra, Tier-2"])("accepts %j", (name) => {
    expect(createSignoffRoleSchema.parse({ name: ` ${name} ` }).name).toBe(name);
  });

  it("rejects missing, short, long and unsafe names with a message naming the field", () => {
    expect(fieldErrors(createSignoffRoleSchema.safeParse({})).name).toEqual(["Role name is required."]);
    expect(fieldErrors(createSignoffRoleSchema.safeParse({ name: " A " })).name).toEqual([
      "Role name must be at least 2 characters.",
    ]);
    expect(fieldErrors(createSignoffRoleSchema.safeParse({ name: "x".repeat(61) })).name).toEqual([
      "Role name must be at most 60 characters.",
    ]);
    for (const name of ["<b>Lead</b>", "Lead; DROP", "Lead\u0000", "Lead\nLead"]) {
      expect(fieldErrors(createSignoffRoleSchema.safeParse({ name })).name, name).toEqual([
        "Role name may contain letters, digits, spaces and & / ( ) . , ' - only.",
      ]);
    }
  });
});
