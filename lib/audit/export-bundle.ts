import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { releaseChain } from "./append-event";
import { checkpointConfig, checkpointSignedBytes, loadCheckpoints, writeCheckpoint } from "./checkpoints";
import { loadKeyHistory, rotationSignedBytes } from "./key-history";
import { tarGz, type TarFile } from "./tar";
import { verifyTrail } from "./verify-trail";
import { requireId } from "../http/parse-id";
import { bundledPasskeySignatures } from "../signoffs/export-passkey-signatures";

/**
 * The evidence bundle of one release (a .tar.gz): its audit chain as JSON
 * Lines, every signed checkpoint of that chain plus one signed at export over
 * its last event (the signed bytes and the raw signature), the first public
 * key and the signed key rotations since, the passkey signatures of its
 * sign-offs (docs/decisions/024), a verifier that needs only python3
 * and openssl, and a README giving the one command (docs/decisions/015).
 * Nothing unsigned in it is trusted by the verifier.
 */

const VERIFY_PY = path.join(/* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(), "lib/audit/bundle/verify.py");

export const BUNDLE_VERIFY_COMMAND = "python3 verify.py";
export const PASSKEY_SIGNATURES_FILE = "passkey-signatures.json";

const numbered = (folder: string, position: number) => `${folder}/${String(position + 1).padStart(4, "0")}`;

export async function exportReleaseBundle(releaseId: string): Promise<{ fileName: string; bytes: Buffer; events: number; checkpoints: number }> {
  releaseId = requireId(releaseId, "Release not found.");
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { version: true, environment: { select: { key: true, name: true } } } });
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");
  const chain = releaseChain(releaseId);
  const rows = await db.auditEvent.findMany({ where: { chain }, orderBy: { seq: "asc" } });
  const events = rows.map((row) =>
    JSON.stringify({
      chain: row.chain,
      seq: row.seq,
      type: row.type,
      occurredAt: row.occurredAt.toISOString(),
      actor: row.actor,
      subject: row.subject,
      data: row.data,
      origin: row.origin,
      prevHash: row.prevHash,
      hash: row.hash,
    }),
  );
  const head = rows.at(-1);

  const config = checkpointConfig();
  const unavailable = (what: string) => (error: unknown) => {
    throw new AppError("UNAVAILABLE", `Cannot export the bundle: ${what} (${error instanceof Error ? error.message : String(error)}).`);
  };
  const keys = await loadKeyHistory(config).catch(unavailable("the checkpoint key or its rotations cannot be read"));
  // Sign the bundle's last event, but only when the chain verifies up to it: a signature must never vouch for a broken chain.
  // The chain only: the checkpoint vouches for the events; the sign-offs' passkey signatures are the bundle's verifier's to check.
  const report = head ? await verifyTrail({ chain, signatures: false }).catch(unavailable("the trail cannot be verified")) : undefined;
  if (head && report?.status === "intact") await writeCheckpoint(config, { [chain]: { seq: head.seq, hash: head.hash } });

  const trusted = keys.keys.map((key) => key.publicKeyPem);
  const checkpoints = (await loadCheckpoints(config.dir, trusted)).filter((entry) => {
    const signed = entry.checkpoint.heads[chain];
    // Heads beyond the bundle's last event were signed after it was read; they belong to a later bundle.
    return entry.valid && signed !== undefined && head !== undefined && signed.seq <= head.seq;
  });
  const files: TarFile[] = [];
  checkpoints.forEach((entry, position) => {
    const name = numbered("checkpoints", position);
    files.push({ name: `${name}.json`, content: checkpointSignedBytes(entry.checkpoint) }, { name: `${name}.sig`, content: Buffer.from(entry.checkpoint.signature, "base64") });
  });
  // Only the rotations the first key's trust reaches (all of them, unless one is broken).
  keys.rotations.slice(0, keys.keys.length - 1).forEach((rotation, position) => {
    const name = numbered("rotations", position);
    files.push({ name: `${name}.json`, content: rotationSignedBytes(rotation.statement) }, { name: `${name}.sig`, content: Buffer.from(rotation.signature, "base64") });
  });

  // Read after the export's checkpoint: every signature whose event that checkpoint covers is here.
  const passkeySignatures = await bundledPasskeySignatures(releaseId);
  if (passkeySignatures.length > 0) {
    files.push({ name: PASSKEY_SIGNATURES_FILE, content: JSON.stringify({ version: 1, signatures: passkeySignatures }, null, 2) + "\n" });
  }

  const first = keys.keys[0]!;
  const readme = bundleReadme({
    title: `${release.environment.name} ${release.version}`,
    chain,
    events: rows.length,
    head,
    firstFingerprint: first.fingerprint,
    rotations: keys.keys.slice(1).map((key) => ({ since: key.since ?? "", fingerprint: key.fingerprint })),
    passkeySignatures: passkeySignatures.length,
    broken: report?.status === "broken" ? (report.break?.detail ?? "the chain does not verify") : undefined,
  });
  files.unshift(
    { name: "README.md", content: readme },
    { name: "events.jsonl", content: events.join("\n") + (events.length ? "\n" : "") },
    { name: "public-key.pem", content: first.publicKeyPem },
    { name: "verify.py", content: await readFile(VERIFY_PY, "utf8"), mode: 0o755 },
  );
  const fileName = `countersign-audit-${release.environment.key}-${release.version}.tar.gz`.replace(/[^A-Za-z0-9.+_-]/g, "-");
  return { fileName, bytes: tarGz(files), events: rows.length, checkpoints: checkpoints.length };
}

/** User-typed text (environment name, version) on one line, with nothing Markdown would read as markup. */
function plain(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").replace(/[\\`*_[\]<>#|~]/g, (char) => `\\${char}`);
}

type ReadmeFacts = {
  title: string;
  chain: string;
  events: number;
  head?: { seq: number; hash: string };
  firstFingerprint: string;
  rotations: { since: string; fingerprint: string }[];
  passkeySignatures: number;
  broken?: string;
};

function bundleReadme(facts: ReadmeFacts): string {
  const rotated = facts.rotations.map((key) => `\nrotated at ${key.since} to \`${key.fingerprint}\``).join("");
  const warning = facts.broken ? `\n**Countersign found this chain broken when exporting it (${facts.broken}); no export checkpoint was signed.**\n` : "";
  return `# Audit evidence: ${plain(facts.title)}

Chain \`${facts.chain}\`: ${facts.events} events${facts.head ? `, head #${facts.head.seq} \`${facts.head.hash}\`` : ""}. Exported ${new Date().toISOString()}.
Checkpoint key fingerprint (SHA-256): \`${facts.firstFingerprint}\`${rotated}
${warning}
## Verify

In the folder this bundle was unpacked into (\`tar xzf <bundle>.tar.gz -C <folder>\`), with python3 and openssl:

\`\`\`sh
${BUNDLE_VERIFY_COMMAND}
\`\`\`

It checks every signature with openssl, recomputes the chain from
\`events.jsonl\`, requires each signed head to lie on it and the last event to
be signed, checks every sign-off signed with a passkey against the key its
event recorded, then prints \`intact: …\` and \`trusted key fingerprint: …\` (exit 0)
or \`broken: …\` naming what failed (exit 1).

**Compare the printed fingerprint with the one your organisation published**
(not with this file: whoever can edit the bundle can edit this README). Or let
the script compare: \`${BUNDLE_VERIFY_COMMAND} --fingerprint <published>\`.
\`verify.py\` is short, standard-library Python: read it before trusting it.

## Files

- \`events.jsonl\`: the release's events in order; \`hash = sha256(prevHash + "\\n" + canonical JSON of {chain, seq, type, occurredAt, actor, subject, data, origin})\`, keys sorted, no whitespace (RFC 8785); the first \`prevHash\` is 64 zeros.
- \`checkpoints/NNNN.json\` + \`.sig\`: signed bytes and raw Ed25519 signature of each checkpoint of this chain; the last one was signed at export.
- \`public-key.pem\`: the first checkpoint key; \`rotations/NNNN.json\` + \`.sig\`: each later key, signed by the key before it.${
    facts.passkeySignatures
      ? `
- \`${PASSKEY_SIGNATURES_FILE}\`: the ${facts.passkeySignatures} sign-off(s) signed with the signer's own passkey: what each signed (release, role, meaning, content hash, audit head), the WebAuthn assertion (authenticatorData, clientDataJSON, signature; base64url) and the public key it was made with. The passkey signed \`authenticatorData || sha256(clientDataJSON)\`; the challenge in clientDataJSON is \`base64url(sha256(canonical JSON of {releaseId, role, meaning, contentHash, auditHead: {seq, hash}}))\`; the key's SHA-256 fingerprint (of its DER form) is the one the sign-off's \`signoff.signed\` event records in \`actor.authentication.keyFingerprint\`.`
      : ""
  }
- \`verify.py\`: the verifier.
`;
}
