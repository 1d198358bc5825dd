import type { AppErrorCode } from "../errors/app-error";
import { gateMessage, type UnmetGate } from "../releases/check-gates";
import { isFinished, type ReleaseStatus } from "../releases/release-status";

/**
 * The one rule for "can this user sign this role of this release now, and if
 * not, why not". The server applies it under the release's row lock before
 * signing (lib/signoffs/sign-off.ts); the release page applies it to the same
 * facts read without the lock to disable the sign button with the reason
 * (lib/signoffs/get-signing-readiness.ts). Pure: the facts are read by
 * `readSigningFacts`.
 */

export type SigningFacts = {
  release: { status: ReleaseStatus; version: string; environmentName: string; allowMultipleRolesPerSigner: boolean };
  /** The sign-off roles of the release's template. */
  templateRoles: string[];
  /** Roles this user holds a live signature for on this release. */
  mySignedRoles: string[];
  /** Roles someone holds a live signature for on this release. */
  signedRoles: string[];
  /** Required items that are neither done nor N/A, in checklist order, with the role(s) covering them. */
  openRequired: { key: string; title: string }[];
  /** Item keys each role covers. */
  coveredBy: (role: string) => Set<string>;
  /** Environments whose approval of this version is still missing. */
  unmetGates: UnmetGate[];
};

export type SigningBlocker = {
  code: AppErrorCode;
  message: string;
  fields?: Record<string, string[]>;
  details?: Record<string, unknown>;
};

/** How many open items a refusal names; the rest are counted. */
export const OPEN_ITEMS_NAMED = 3;

/** Why `role` cannot be signed by this user now, or null when signing can succeed (the password and the shown hash are checked at signing). */
export function signingBlocker(facts: SigningFacts, role: string): SigningBlocker | null {
  const { release } = facts;
  if (isFinished(release.status)) {
    return { code: "CONFLICT", message: `This release is ${release.status.replace("_", " ")}; it can no longer be signed.` };
  }
  if (!facts.templateRoles.includes(role)) {
    return { code: "BAD_REQUEST", message: `${role} is not a sign-off role of this release.`, fields: { role: ["Not a sign-off role of this release."] } };
  }
  if (facts.mySignedRoles.includes(role)) return { code: "CONFLICT", message: `You have already signed as ${role}.` };
  if (facts.mySignedRoles.length > 0 && !release.allowMultipleRolesPerSigner) {
    return { code: "CONFLICT", message: `You already signed this release as ${facts.mySignedRoles[0]}; in ${release.environmentName} one person signs one role.` };
  }
  if (facts.signedRoles.includes(role)) return { code: "CONFLICT", message: `Someone else signed as ${role} already; only one signature per role is kept.` };
  const covered = facts.coveredBy(role);
  const open = facts.openRequired.filter((item) => covered.has(item.key)).map((item) => item.title.replaceAll("X.Y.Z", release.version));
  if (open.length > 0) {
    const shown = open.slice(0, OPEN_ITEMS_NAMED).map((title) => `“${title}”`).join(", ");
    return {
      code: "CONFLICT",
      message: `${open.length} required item${open.length === 1 ? " is" : "s are"} still open: ${shown}${open.length > OPEN_ITEMS_NAMED ? ", …" : ""}.`,
      details: { open },
    };
  }
  if (facts.unmetGates.length > 0) return { code: "CONFLICT", message: gateMessage(release.version, release.environmentName, facts.unmetGates) };
  return null;
}
