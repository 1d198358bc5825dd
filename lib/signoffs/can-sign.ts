import type { AppErrorCode } from "../errors/app-error";
import { gateMessage, type UnmetGate } from "../releases/gate-words";
import { isFinished, type ReleaseStatus } from "../releases/release-status";
import { quorumOf, type RoleQuorums, signersWord } from "./quorum";

/**
 * The one rule for "can this user sign this role of this release now, and if
 * not, why not". The server applies it under the release's row lock before
 * signing (lib/signoffs/sign-off.ts); the release page applies it to the same
 * facts read without the lock to disable the sign button with the reason
 * (lib/signoffs/get-signing-readiness.ts). Pure: the facts are read by
 * `readSigningFacts`.
 *
 * Separation of duties (docs/decisions/023), each a policy of the release's
 * environment and each refusal naming its rule:
 * - one person, one role (unless the environment allows several);
 * - the release's creator may not sign it (creatorMayNotSign);
 * - whoever ticked an item a role covers may not sign that role
 *   (tickerMayNotSign; when allowed, the signature is marked "signed own work");
 * - a role may need N distinct signers (quorum); once it has them, nobody else signs it.
 *
 * An environment may also require passkey signatures (docs/decisions/024):
 * signing there needs a registered passkey, and a password confirmation is refused.
 */

export type SigningFacts = {
  release: {
    status: ReleaseStatus;
    version: string;
    environmentName: string;
    allowMultipleRolesPerSigner: boolean;
    creatorMayNotSign: boolean;
    tickerMayNotSign: boolean;
    /** Every signature must be made with the signer's passkey (absent: not required). */
    requirePasskey?: boolean;
  };
  /** How many passkeys this user has registered (absent: unknown, not checked). */
  signerPasskeys?: number;
  /** The sign-off roles of the release's template. */
  templateRoles: string[];
  /** Roles this user holds a live signature for on this release. */
  mySignedRoles: string[];
  /** One entry per live signature on this release (a role with a quorum may appear several times). */
  signedRoles: string[];
  /** Signers each role needs in this environment (no entry: one). */
  quorums: RoleQuorums;
  /** This user created the release. */
  createdByMe: boolean;
  /** Item keys this user ticked (changed to done or N/A) on this release, from its audit chain. */
  tickedByMe: string[];
  /** Required items that are neither done nor N/A, in checklist order, with the role(s) covering them. */
  openRequired: { key: string; title: string }[];
  /** Item keys each role covers. */
  coveredBy: (role: string) => Set<string>;
  /** Item titles by key, for naming the items a refusal is about. */
  titleOf?: (key: string) => string;
  /** Environments whose approval of this version is still missing. */
  unmetGates: UnmetGate[];
};

export type SigningBlocker = {
  code: AppErrorCode;
  message: string;
  fields?: Record<string, string[]>;
  details?: Record<string, unknown>;
};

/** The separation-of-duties rules, by the name each refusal gives. */
export const SEPARATION_RULES = {
  oneRole: "one person, one role",
  creator: "creator may not sign",
  ticker: "no signing your own work",
} as const;

/** How many open items a refusal names; the rest are counted. */
export const OPEN_ITEMS_NAMED = 3;

const separation = (rule: keyof typeof SEPARATION_RULES, why: string): SigningBlocker => ({
  code: "CONFLICT",
  message: `Separation of duties (${SEPARATION_RULES[rule]}): ${why}`,
  details: { rule: SEPARATION_RULES[rule] },
});

function named(titles: string[]): string {
  const shown = titles.slice(0, OPEN_ITEMS_NAMED).map((title) => `“${title}”`).join(", ");
  return `${shown}${titles.length > OPEN_ITEMS_NAMED ? ", …" : ""}`;
}

/** The items `role` covers that this user ticked: when the environment allows it, a signature over them is "signed own work". */
export function ownWorkItems(facts: SigningFacts, role: string): string[] {
  if (facts.tickedByMe.length === 0) return [];
  const covered = facts.coveredBy(role);
  return facts.tickedByMe.filter((key) => covered.has(key));
}

/** Live signatures of `role` on this release. */
export const liveSignatures = (facts: Pick<SigningFacts, "signedRoles">, role: string): number => facts.signedRoles.filter((entry) => entry === role).length;

/** The rule's name in refusals. */
export const PASSKEY_RULE = "passkey signatures required";

/**
 * Why `role` cannot be signed by this user now, or null when signing can
 * succeed (the password or passkey assertion and the shown hash are checked
 * at signing). `method`: how the signature is being confirmed, when known
 * (at signing; the page asks without one).
 */
export function signingBlocker(facts: SigningFacts, role: string, method?: "password" | "passkey" | "oidc"): SigningBlocker | null {
  const { release } = facts;
  if (isFinished(release.status)) {
    return { code: "CONFLICT", message: `This release is ${release.status.replace("_", " ")}; it can no longer be signed.` };
  }
  if (!facts.templateRoles.includes(role)) {
    return { code: "BAD_REQUEST", message: `${role} is not a sign-off role of this release.`, fields: { role: ["Not a sign-off role of this release."] } };
  }
  if (facts.mySignedRoles.includes(role)) return { code: "CONFLICT", message: `You have already signed as ${role}.` };
  // Who you are before what is left to do: these do not change by finishing the checklist.
  if (facts.mySignedRoles.length > 0 && !release.allowMultipleRolesPerSigner) {
    return separation("oneRole", `you already signed this release as ${facts.mySignedRoles[0]}; in ${release.environmentName} one person signs one role.`);
  }
  if (release.creatorMayNotSign && facts.createdByMe) {
    return separation("creator", `you created this release; in ${release.environmentName} its creator may not sign it.`);
  }
  if (release.tickerMayNotSign) {
    const own = ownWorkItems(facts, role);
    if (own.length > 0) {
      const titles = own.map((key) => (facts.titleOf?.(key) ?? key).replaceAll("X.Y.Z", release.version));
      return separation(
        "ticker",
        `you ticked ${own.length === 1 ? "an item" : `${own.length} items`} that ${role} covers (${named(titles)}); in ${release.environmentName} whoever ticks an item may not sign a role that covers it.`,
      );
    }
  }
  if (release.requirePasskey) {
    if (facts.signerPasskeys === 0) {
      return {
        code: "CONFLICT",
        message: `${release.environmentName} requires passkey signatures (${PASSKEY_RULE}): add a passkey on your profile, then sign with it.`,
        details: { rule: PASSKEY_RULE },
      };
    }
    if (method === "password" || method === "oidc") {
      const field = method === "oidc" ? "sso" : "password";
      return {
        code: "CONFLICT",
        message: `${release.environmentName} requires passkey signatures (${PASSKEY_RULE}): sign with your passkey, not your ${method === "oidc" ? "company sign-in" : "password"}.`,
        fields: { [field]: [`${release.environmentName} requires a passkey signature.`] },
        details: { rule: PASSKEY_RULE },
      };
    }
  }
  const quorum = quorumOf(facts.quorums, role);
  const signed = liveSignatures(facts, role);
  if (signed >= quorum) {
    return { code: "CONFLICT", message: `${role} needs ${signersWord(quorum)}; ${signed} signed already.`, details: { quorum, signed } };
  }
  const covered = facts.coveredBy(role);
  const open = facts.openRequired.filter((item) => covered.has(item.key)).map((item) => item.title.replaceAll("X.Y.Z", release.version));
  if (open.length > 0) {
    return {
      code: "CONFLICT",
      message: `${open.length} required item${open.length === 1 ? " is" : "s are"} still open: ${named(open)}.`,
      details: { open },
    };
  }
  if (facts.unmetGates.length > 0) return { code: "CONFLICT", message: gateMessage(release.version, release.environmentName, facts.unmetGates) };
  return null;
}
