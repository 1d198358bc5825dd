import type { Command } from "commander";
import type { GateAnswer } from "../lib/gate/gate.schema";
import { askGate, connectionFrom, GateError, type GateRequest, parseDuration, watchGate } from "./gate-client";

/**
 * `countersign gate check`: the deployment gate for a CI job (docs/ci.md).
 * Exit codes: 0 allowed, 1 not allowed (what is missing is printed),
 * 3 --wait ran out before it was allowed, 2 the question could not be asked
 * (bad options, no server or token, unknown project, environment or version).
 */
export const GATE_EXIT = { allowed: 0, refused: 1, error: 2, waitedOut: 3 } as const;

/** How many open items are named; the rest are counted. */
const ITEMS_SHOWN = 10;

export function describeAnswer(answer: GateAnswer): string[] {
  const { release } = answer;
  const subject = `${release.project.key} ${release.version} to ${release.environment.name}`;
  if (answer.allowed) {
    return [
      `Allowed: ${subject} (${release.status}; ${answer.signatures.length} signature${answer.signatures.length === 1 ? "" : "s"}).`,
      ...answer.signatures.map((signature) => `  ✓ ${signature.role}: ${signature.printedName}, ${signature.signedAt}${signature.method === "passkey" ? " (passkey)" : ""}`),
      `  ${release.url}`,
    ];
  }
  const items = answer.missing.filter((entry) => entry.kind === "item");
  const others = answer.missing.filter((entry) => entry.kind !== "item");
  const lines = [`Not allowed: ${subject}. Missing:`];
  for (const entry of others.filter((entry) => entry.kind !== "signoff")) lines.push(`  - ${entry.message}`);
  for (const entry of items.slice(0, ITEMS_SHOWN)) lines.push(`  - ${entry.message}`);
  if (items.length > ITEMS_SHOWN) lines.push(`  - … and ${items.length - ITEMS_SHOWN} more required items open.`);
  for (const entry of others.filter((entry) => entry.kind === "signoff")) lines.push(`  - ${entry.message}`);
  lines.push(`  ${answer.url}`);
  return lines;
}

type Options = { project: string; version: string; env: string; wait?: string; json?: boolean; url?: string };

export function registerGateCommands(program: Command): void {
  const gate = program.command("gate").description("The deployment gate, for CI pipelines (talks to a Countersign server over HTTP: COUNTERSIGN_URL and COUNTERSIGN_TOKEN).");

  gate
    .command("check")
    .description(
      "May this version be deployed to this environment? Exits 0 when allowed, 1 when not (printing what is missing), 3 when --wait runs out, 2 when it cannot ask. Needs COUNTERSIGN_URL (or --url) and COUNTERSIGN_TOKEN (a token with the scope releases:read).",
    )
    .requiredOption("--project <key>", "the project's key, e.g. mgit")
    .requiredOption("--version <version>", "the release's version, e.g. 5.2.0")
    .requiredOption("--env <key>", "the environment's key, e.g. production")
    .option("--wait <duration>", "wait until it is allowed, for at most this long (e.g. 30m, 90s, 1h30m), on the server's live stream")
    .option("--json", "print the answer as one JSON object (with \"timedOut\": true when --wait ran out)")
    .option("--url <url>", "the Countersign server (default: COUNTERSIGN_URL)")
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : GATE_EXIT.error))
    .action(async (options: Options) => {
      process.exitCode = await gateCheck(options);
    });
}

async function gateCheck(options: Options): Promise<number> {
  const print = (answer: GateAnswer, extra: Record<string, unknown> = {}) => {
    if (options.json) console.log(JSON.stringify({ ...answer, ...extra }));
    else for (const line of describeAnswer(answer)) console.log(line);
  };
  try {
    const wait = options.wait === undefined ? null : parseDuration(options.wait);
    if (options.wait !== undefined && (wait === null || wait <= 0)) throw new GateError("--wait expects a duration such as 30m, 90s or 1h30m.");
    const connection = connectionFrom(options.url);
    const request: GateRequest = { project: options.project.trim(), version: options.version.trim(), environment: options.env.trim() };
    if (wait === null) {
      const answer = await askGate(connection, request, AbortSignal.timeout(60_000));
      print(answer);
      return answer.allowed ? GATE_EXIT.allowed : GATE_EXIT.refused;
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), wait);
    let missing = -1;
    try {
      const result = await watchGate(connection, request, {
        signal: deadline.signal,
        decided: (answer) => answer.allowed,
        onAnswer: (answer) => {
          if (answer.allowed || answer.missing.length === missing) return;
          missing = answer.missing.length;
          console.error(`Waiting (up to ${options.wait}) for ${answer.release.project.key} ${answer.release.version} to ${answer.release.environment.name}: ${missing} thing${missing === 1 ? "" : "s"} missing.`);
        },
        onReconnect: (reason) => console.error(`Reconnecting to the gate's stream (${reason}).`),
      });
      if (result.decided && result.answer) {
        print(result.answer);
        return GATE_EXIT.allowed;
      }
      if (result.answer) {
        if (!options.json) console.log(`Gave up waiting after ${options.wait}.`);
        print(result.answer, { timedOut: true });
      } else {
        console.error(`Gave up waiting after ${options.wait}: no answer from the server.`);
      }
      return GATE_EXIT.waitedOut;
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    const message = error instanceof GateError ? error.message : error instanceof Error ? error.message : String(error);
    if (options.json) console.log(JSON.stringify({ error: { message } }));
    console.error(`error: ${message}`);
    return GATE_EXIT.error;
  }
}
