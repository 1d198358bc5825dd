import { describe, expect, it } from "vitest";
import { commonPasswords, PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "../../lib/auth/password-policy";
import { randomSecret } from "../../lib/db/embedded";
import { createUserSchema } from "../../lib/users/user.schema";
import { changePasswordSchema } from "../../lib/users/password.schema";

describe("the password policy", () => {
  it("ships a list of common passwords (lib/auth/common-passwords.txt), lower case, comments left out", () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(10_000);
    for (const known of ["password", "123456", "qwerty", "iloveyou", "1qaz2wsx3edc", "qwertyuiop123"]) expect(list.has(known), known).toBe(true);
    expect([...list].some((entry) => entry.startsWith("#") || entry !== entry.toLowerCase())).toBe(false);
  });

  it(`needs at least ${PASSWORD_MIN} and at most ${PASSWORD_MAX} characters, naming the field`, () => {
    expect(passwordProblem("a-b-c-d-e-f")).toBe("Password must be at least 12 characters.");
    expect(passwordProblem("x".repeat(257), { label: "New password" })).toBe("New password must be at most 256 characters.");
    expect(passwordProblem(" ".repeat(12))).toBe("Password must not be only spaces.");
  });

  it.each(["Qwertyuiop123", "1qaz2wsx3edc", "Password1234", "PASSWORD123456!", "!!iloveyou2024", "Sunshine.2025!", "123456789012"])(
    "refuses the common password %s, saying why",
    (password) => {
      expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN);
      expect(passwordProblem(password, { label: "New password" })).toMatch(/^New password is too common: it is on the list of passwords attackers try first\./);
    },
  );

  it("refuses the account's email or its name part", () => {
    expect(passwordProblem("ann.example.person@example.com", { email: "Ann.Example.Person@example.com" })).toBe("Password must not be your email address or its name part.");
    expect(passwordProblem("ann.example.person", { email: "ann.example.person@example.com" })).toBe("Password must not be your email address or its name part.");
  });

  it("accepts long, unpredictable passwords, generated ones included", () => {
    for (const password of ["correct horse battery staple", "tulip-anchor-violet-9", "e2e-demo-password-1", randomSecret(12), randomSecret(32)]) {
      expect(passwordProblem(password), password).toBeNull();
    }
  });

  it("is what the user form and the change-password form use, under their field names", () => {
    const user = createUserSchema.safeParse({ email: "new@example.com", name: "New", appRole: "member", password: "Password1234" });
    expect(user.error?.issues[0]).toMatchObject({ path: ["password"], message: expect.stringMatching(/^Password is too common/) });
    const change = changePasswordSchema.safeParse({ currentPassword: "old one", newPassword: "short", confirmPassword: "short" });
    expect(change.error?.issues[0]).toMatchObject({ path: ["newPassword"], message: "New password must be at least 12 characters." });
    const mismatch = changePasswordSchema.safeParse({ currentPassword: "old one", newPassword: "tulip-anchor-violet-9", confirmPassword: "tulip-anchor-violet-8" });
    expect(mismatch.error?.issues[0]).toMatchObject({ path: ["confirmPassword"], message: "The repeated password is not the same as the new password." });
  });
});
