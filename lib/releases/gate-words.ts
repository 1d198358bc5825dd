import type { ReleaseStatus } from "./release-status";
import { STATUS_LABELS } from "./release-status";

/**
 * How a gate not met yet is put in words (client-safe: the create-release
 * form and the sign-off panel use it too; the rule itself is check-gates.ts).
 */

/** A gate not met yet: see unmetGates in check-gates.ts. */
export type UnmetGate = {
  environment: { key: string; name: string };
  project: { key: string; name: string };
  release: { id: string; status: ReleaseStatus; itemsDone: number; itemsTotal: number; signaturesDone: number; signaturesNeeded: number } | null;
};

/** "mgit CLI 2.4.0 on Staging — 40/109 items, 3/8 sign-offs": the release a gate waits for, with its progress (client-safe). */
export function gateWaitLabel(version: string, gate: UnmetGate & { release: NonNullable<UnmetGate["release"]> }): string {
  const { release } = gate;
  return `${gate.project.name} ${version} on ${gate.environment.name} — ${release.itemsDone}/${release.itemsTotal} items, ${release.signaturesDone}/${release.signaturesNeeded} sign-offs`;
}

/**
 * "Production 2.4.0 needs 2.4.0 approved in Staging first. Waiting for mgit
 * CLI 2.4.0 on Staging (in progress) — 40/109 items, 3/8 sign-offs." — naming
 * the release it waits for, or saying there is none yet.
 */
export function gateMessage(version: string, environment: string, missing: UnmetGate[]): string {
  const waits = missing.map((gate) =>
    gate.release
      ? ` Waiting for ${gateWaitLabel(version, { ...gate, release: gate.release })} (${STATUS_LABELS[gate.release.status].toLowerCase()}).`
      : ` There is no ${gate.environment.name} ${version} release yet.`,
  );
  return `${environment} ${version} needs ${version} approved in ${missing.map((gate) => gate.environment.name).join(" and ")} first.${waits.join("")}`;
}
