import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { checkpointHeads } from "../lib/audit/checkpoint-heads";
import { exportReleaseBundle } from "../lib/audit/export-bundle";
import { getPublicKey, type PublishedKey } from "../lib/audit/get-public-key";
import { rotateCheckpointKey } from "../lib/audit/rotate-key";
import { verifyTrail, type VerifyReport } from "../lib/audit/verify-trail";
import { runCommand } from "./run-command";

function printReport(report: VerifyReport): void {
  if (report.status === "intact") {
    console.log(`intact: ${report.events} events in ${report.chains} chain(s); ${report.checkpoints.count} checkpoint(s) matched`);
    if (report.signatures) console.log(`  ${report.signatures.passkey} passkey signature(s) of sign-offs verified`);
    for (const head of report.heads) console.log(`  head ${head.chain} #${head.seq} ${head.hash}`);
  } else if (report.break) {
    console.log(`broken: ${report.break.kind} at ${report.break.chain} #${report.break.seq}: ${report.break.detail}`);
  }
}

function printKey(key: PublishedKey): void {
  process.stdout.write(key.publicKeyPem);
  console.log(`algorithm: ${key.algorithm}`);
  console.log(`fingerprint (SHA-256 of the DER public key): ${key.fingerprint}`);
  if (key.rotations.length) {
    console.log(`first key: ${key.firstFingerprint} (evidence bundles are verified from this one)`);
    for (const rotation of key.rotations) console.log(`rotated ${rotation.createdAt}: ${rotation.previousFingerprint} -> ${rotation.fingerprint}`);
  }
}

/** `audit verify` exits 0 when intact, 1 when broken, 2 when it could not verify. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("The audit trail: verify, checkpoint, export, and the checkpoint key.");

  audit
    .command("verify")
    .description("Recompute every hash, compare chain heads with the signed checkpoints, and check every passkey signature of a sign-off.")
    .option("--chain <chain>", 'one chain only: "global" or "release:<id>"')
    .option("--checkpoints <dir>", "checkpoint directory (default COUNTERSIGN_CHECKPOINT_DIR or .data/checkpoints)")
    .option("--public-key <file>", "the first trusted Ed25519 public key (PEM), rotations are followed from it; default: the key the first rotation retires, else the signing key's")
    .option("--json", "print the report as JSON")
    .action((options: { chain?: string; checkpoints?: string; publicKey?: string; json?: boolean }) =>
      runCommand(
        async () => {
          try {
            const publicKeyPem = options.publicKey ? await readFile(options.publicKey, "utf8") : undefined;
            const report = await verifyTrail({ chain: options.chain, checkpointDir: options.checkpoints, publicKeyPem });
            if (options.json) console.log(JSON.stringify(report));
            else printReport(report);
            process.exitCode = report.status === "intact" ? 0 : 1;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (options.json) console.log(JSON.stringify({ status: "error", message }));
            else console.error(`could not verify: ${message}`);
            process.exitCode = 2;
          }
        },
        { migrate: false, failureExitCode: 2 },
      ),
    );

  audit
    .command("export")
    .description("Write a release's evidence bundle (.tar.gz): events, signed checkpoints, public key, verifier, README.")
    .requiredOption("--release <id>", "release id")
    .requiredOption("--out <file>", "where to write the bundle")
    .action((options: { release: string; out: string }) =>
      runCommand(async () => {
        const bundle = await exportReleaseBundle(options.release);
        await writeFile(options.out, bundle.bytes);
        console.log(`Wrote ${options.out}: ${bundle.events} events, ${bundle.checkpoints} checkpoint(s). See its README.md to verify it.`);
      }),
    );

  audit
    .command("checkpoint")
    .description("Sign the current head of every chain now and write it to the checkpoint directory.")
    .action(() =>
      runCommand(async () => {
        const result = await checkpointHeads();
        console.log(result.file ? `Checkpointed ${result.chains} chain(s): ${result.file}` : "The trail is empty; nothing to checkpoint.");
      }),
    );

  audit
    .command("key")
    .description("Print the checkpoint public key (PEM), its SHA-256 fingerprint and its rotations: what to publish.")
    .option("--json", "print it as JSON, as GET /api/v1/audit/public-key answers")
    // No database needed: the key and its rotations are files.
    .action(async (options: { json?: boolean }) => {
      try {
        const key = await getPublicKey();
        if (options.json) console.log(JSON.stringify(key));
        else printKey(key);
      } catch (error) {
        console.error(`error: cannot read the checkpoint key: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
    });

  audit
    .command("rotate-key")
    .description("Replace the checkpoint key: sign every chain's head with the old key, then have it sign a statement naming the new one.")
    .action(() =>
      runCommand(async () => {
        const rotated = await rotateCheckpointKey();
        console.log(`Checkpointed ${rotated.sealedChains} chain(s) with the old key ${rotated.previousFingerprint}.`);
        console.log(`New key ${rotated.fingerprint}; the old key signed ${rotated.statement} in the checkpoint directory.`);
        console.log("Publish the new fingerprint beside the old one (keep the old one published: bundles are verified from the first key).");
        console.log("Destroy any copy of the old private key. Restart is not needed: each checkpoint reads the key file.");
      }),
    );
}
