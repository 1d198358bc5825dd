import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signedStatementBytes, signingChallenge, signingChallengeBase64url, type SignedStatement } from "../../lib/signoffs/passkey-challenge";

/**
 * The passkey challenge is derived from what is signed (docs/decisions/024):
 * sha256 over the canonical JSON of {releaseId, role, meaning, contentHash,
 * auditHead: {seq, hash}}. Checked here against the bytes written out by hand,
 * and against Python's json module as the standalone verifier uses it.
 */

const statement: SignedStatement = {
  releaseId: "0d6b7c2e-4a8f-4e21-9b1a-3c5d7e9f1a2b",
  role: "Tech Lead",
  meaning: "I approve “2.4.0” for Production — \"as is\" \\ ✓ שלום",
  contentHash: "9c1f".repeat(16),
  auditHead: { seq: 214, hash: "7e0c".repeat(16) },
};

/** The canonical JSON, typed out: keys in code-unit order, nested keys too, no whitespace, strings JSON-escaped, non-ASCII as is. */
const HAND_WRITTEN =
  '{"auditHead":{"hash":"' +
  "7e0c".repeat(16) +
  '","seq":214},"contentHash":"' +
  "9c1f".repeat(16) +
  '","meaning":"I approve “2.4.0” for Production — \\"as is\\" \\\\ ✓ שלום","releaseId":"0d6b7c2e-4a8f-4e21-9b1a-3c5d7e9f1a2b","role":"Tech Lead"}';

describe("the passkey signing challenge", () => {
  it("is sha256 of exactly the canonical JSON of the statement", () => {
    expect(signedStatementBytes(statement).toString("utf8")).toBe(HAND_WRITTEN);
    const expected = createHash("sha256").update(Buffer.from(HAND_WRITTEN, "utf8")).digest();
    expect(signingChallenge(statement)).toEqual(expected);
    expect(signingChallenge(statement)).toHaveLength(32);
    // clientDataJSON carries it as base64url without padding.
    expect(signingChallengeBase64url(statement)).toBe(expected.toString("base64url"));
    expect(signingChallengeBase64url(statement)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("is what Python's json module gives, as the standalone verifier computes it", () => {
    const script = [
      "import hashlib, json, sys, base64",
      "s = json.loads(sys.stdin.read())",
      'body = {"releaseId": s["releaseId"], "role": s["role"], "meaning": s["meaning"], "contentHash": s["contentHash"], "auditHead": {"seq": s["auditHead"]["seq"], "hash": s["auditHead"]["hash"]}}',
      'digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).digest()',
      'print(base64.urlsafe_b64encode(digest).decode().rstrip("="))',
    ].join("\n");
    const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(statement), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(signingChallengeBase64url(statement));
  });

  it("ignores the order and any extra fields of the object it is given", () => {
    const shuffled = { auditHead: { hash: statement.auditHead.hash, seq: 214 }, role: "Tech Lead", contentHash: statement.contentHash, meaning: statement.meaning, releaseId: statement.releaseId, printedName: "not signed" };
    expect(signingChallengeBase64url(shuffled as SignedStatement)).toBe(signingChallengeBase64url(statement));
  });

  it("changes with every field it binds", () => {
    const base = signingChallengeBase64url(statement);
    const variants: SignedStatement[] = [
      { ...statement, releaseId: "0d6b7c2e-4a8f-4e21-9b1a-3c5d7e9f1a2c" },
      { ...statement, role: "QA Lead" },
      { ...statement, meaning: `${statement.meaning}.` },
      { ...statement, contentHash: "9c1e" + "9c1f".repeat(15) },
      { ...statement, auditHead: { seq: 215, hash: statement.auditHead.hash } },
      { ...statement, auditHead: { seq: 214, hash: "7e0d" + "7e0c".repeat(15) } },
    ];
    const challenges = variants.map(signingChallengeBase64url);
    expect(new Set([base, ...challenges]).size).toBe(variants.length + 1);
  });
});
