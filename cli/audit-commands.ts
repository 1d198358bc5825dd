import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { checkpointHeads } from "../lib/audit/checkpoint-heads";
import { exportReleaseBundle } from "../lib/audit/export-bundle";
import { verifyTrail, type VerifyReport } from "../lib/audit/verify-trail";
import { runCommand } from "./run-command";

function printReport(report: VerifyReport): void {
  if (report.status === "intact") {
    console.log(`intact: ${report.events} events in ${report.chains} chain(s); ${report.checkpoints.count} checkpoint(s) matched`);
    for (const head of report.heads) console.log(`  head ${head.chain} #${head.seq} ${head.hash}`);
  } else if (report.break) {
    console.log(`broken: ${report.break.kind} at ${report.break.chain} #${report.break.seq}: ${report.break.detail}`);
  }
}

/** `audit verify` exits 0 when intact, 1 when broken, 2 when it could not verify. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("The audit trail: verify and checkpoint.");

  audit
    .command("verify")
    .description("Recompute every hash and compare chain heads with the signed checkpoints.")
    .option("--chain <chain>", 'one chain only: "global" or "release:<id>"')
    .option("--checkpoints <dir>", "checkpoint directory (default COUNTERSIGN_CHECKPOINT_DIR or .data/checkpoints)")
    .option("--public-key <file>", "trusted Ed25519 public key (PEM); default: derived from the signing key file")
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
}
