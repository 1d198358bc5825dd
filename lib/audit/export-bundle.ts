import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { releaseChain } from "./append-event";
import { canonicalJson } from "./canonical-json";
import { checkpointConfig, loadCheckpoints, loadSigningKey, publicKeyPem } from "./checkpoints";
import { checkpointHeads } from "./checkpoint-heads";
import { tarGz, type TarFile } from "./tar";

/**
 * The evidence bundle of one release (a .tar.gz): its audit chain as JSON
 * Lines, every signed checkpoint of that chain (the signed bytes and the raw
 * signature, verifiable with openssl), the public key, a standard-library
 * Python verifier, and a README with the procedure.
 */

const VERIFY_PY = path.join(/* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(), "lib/audit/bundle/verify.py");

export async function exportReleaseBundle(releaseId: string): Promise<{ fileName: string; bytes: Buffer; events: number; checkpoints: number }> {
  if (!/^[0-9a-f-]{36}$/i.test(releaseId)) throw new AppError("NOT_FOUND", "Release not found.");
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

  const config = checkpointConfig();
  // Anchor the chain's current head, so the bundle always ends at a signed checkpoint.
  if (rows.length) await checkpointHeads({ chain });
  const publicKey = publicKeyPem(await loadSigningKey(config.keyFile));
  const checkpoints = (await loadCheckpoints(config.dir, publicKey)).filter((entry) => entry.valid && entry.checkpoint.heads[chain]);
  const files: TarFile[] = [];
  const index = checkpoints.map((entry, position) => {
    const name = `checkpoints/${String(position + 1).padStart(4, "0")}`;
    const body = { version: entry.checkpoint.version, createdAt: entry.checkpoint.createdAt, heads: entry.checkpoint.heads };
    files.push({ name: `${name}.json`, content: canonicalJson(body) }, { name: `${name}.sig`, content: Buffer.from(entry.checkpoint.signature, "base64") });
    return { file: `${name}.json`, createdAt: entry.checkpoint.createdAt, seq: entry.checkpoint.heads[chain]!.seq, hash: entry.checkpoint.heads[chain]!.hash };
  });
  const head = rows.at(-1);
  const readme = `# Audit evidence: ${release.environment.name} ${release.version}

Exported ${new Date().toISOString()} by Countersign. Chain \`${chain}\`: ${rows.length} events${head ? `, head #${head.seq} \`${head.hash}\`` : ""}.

| file | what it is |
| --- | --- |
| \`events.jsonl\` | every event of the release, one JSON object per line, in order |
| \`checkpoints.json\` | the chain heads (seq, hash) that signed checkpoints recorded |
| \`checkpoints/NNNN.json\` + \`.sig\` | each checkpoint's signed bytes and its raw Ed25519 signature |
| \`public-key.pem\` | the checkpoint signing key's public half |
| \`verify.py\` | the verifier below, Python 3 standard library only |

## Verify, with standard tools

1. Check each checkpoint's signature (OpenSSL 3):

   \`\`\`sh
   for f in checkpoints/*.json; do openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in "$f" -sigfile "\${f%.json}.sig"; done
   \`\`\`

   Each prints \`Signature Verified Successfully\`. Confirm that \`public-key.pem\` is
   the key the operator published, not just the one in this bundle.

2. Recompute the chain and compare it with the checkpoints:

   \`\`\`sh
   python3 verify.py events.jsonl checkpoints.json
   \`\`\`

   It prints \`intact: N events, head …\` (exit 0) or the first broken event (exit 1).

## How the hashes are made

\`hash = sha256(prevHash + "\\n" + canonical JSON of {chain, seq, type, occurredAt, actor, subject, data, origin})\`,
where canonical JSON is RFC 8785 (sorted keys, no whitespace); the first event's
\`prevHash\` is 64 zeros. \`checkpoints.json\` lists, for each checkpoint, the seq and
hash it signed for this chain; the chain must pass through every one of them.
`;
  files.unshift(
    { name: "README.md", content: readme },
    { name: "events.jsonl", content: events.join("\n") + (events.length ? "\n" : "") },
    { name: "checkpoints.json", content: `${JSON.stringify(index, null, 2)}\n` },
    { name: "public-key.pem", content: publicKey },
    { name: "verify.py", content: await readFile(VERIFY_PY, "utf8"), mode: 0o755 },
  );
  const fileName = `countersign-audit-${release.environment.key}-${release.version}.tar.gz`.replace(/[^A-Za-z0-9.+_-]/g, "-");
  return { fileName, bytes: tarGz(files), events: rows.length, checkpoints: index.length };
}
