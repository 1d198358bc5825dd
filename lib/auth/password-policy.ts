import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-limits";

/**
 * The one password policy, applied wherever a password is chosen: creating
 * a user (admin page, CLI, demo seed), changing one's own password on the
 * profile, an admin's reset and `countersign user password`
 * (docs/decisions/018). A password is refused when it is
 * - shorter than 12 or longer than 256 characters;
 * - on the list of common passwords shipped in lib/auth/common-passwords.txt,
 *   compared without case, also once leading or trailing digits and symbols
 *   are taken off ("Password2024!" is "password");
 * - the account's email or the part before the @.
 * Each refusal names the field and says why.
 */
export { PASSWORD_MAX, PASSWORD_MIN };

const LIST_FILE = path.join(/* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(), "lib/auth/common-passwords.txt");

let common: Set<string> | undefined;
/** The shipped list, read once. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(LIST_FILE, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
  return common;
}

/** The forms of a password compared with the list: itself, and without leading or trailing digits and symbols. */
function listForms(password: string): string[] {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+/u, "").replace(/[\d\W_]+$/u, "");
  return core.length >= 4 && core !== lower ? [lower, core] : [lower];
}

/** Why `password` is refused ("<Label> must ..."), or null when it is acceptable. */
export function passwordProblem(password: string, options: { label?: string; email?: string } = {}): string | null {
  const label = options.label ?? "Password";
  if (password.length < PASSWORD_MIN) return `${label} must be at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `${label} must be at most ${PASSWORD_MAX} characters.`;
  if (password.trim() === "") return `${label} must not be only spaces.`;
  const list = commonPasswords();
  if (listForms(password).some((form) => list.has(form))) {
    return `${label} is too common: it is on the list of passwords attackers try first. Choose a longer or less predictable one, such as a few unrelated words.`;
  }
  const email = options.email?.trim().toLowerCase();
  if (email && [email, email.split("@")[0]].includes(password.trim().toLowerCase())) {
    return `${label} must not be your email address or its name part.`;
  }
  return null;
}

/** The refusal of everything else while an admin's reset is pending. */
export const PASSWORD_CHANGE_REQUIRED = "Your password was reset by an admin: choose a new one on your profile first.";

/** A new password as a zod field: refused with the policy's reason under the field's own name. */
export function newPasswordField(label = "Password") {
  return z.string({ message: `${label} is required.` }).superRefine((value, context) => {
    const problem = passwordProblem(value, { label });
    if (problem) context.addIssue({ code: "custom", message: problem });
  });
}
