import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { publicLink } from "../config/public-url";
import { releasePath } from "../projects/paths";
import type { ProjectRef } from "../projects/resolve-project";
import { gateMessage, unmetGates } from "../releases/check-gates";
import { hasApproval, isOpenRequired, STATUS_LABELS } from "../releases/release-status";
import { listSignoffs } from "../signoffs/get-signoffs";
import { rolesShort, signersWord } from "../signoffs/quorum";
import { lockRelease, readRoleQuorums } from "../signoffs/sign-off";
import { allItems, signoffRoleNames } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import type { GateAnswer, GateMissing, GateQuery } from "./gate.schema";

/**
 * The deployment gate (issue 12, docs/decisions/026): may `version` of the
 * project be deployed to `environment`? Allowed when that release has its
 * approval (approved, or already deployed), every sign-off role has its
 * quorum of live signatures (none stale or revoked in their place) and the
 * environment's gates are met (production waits for the same version's
 * staging approval: lib/releases/check-gates.ts). Otherwise the answer lists
 * what is missing: the release's state, the open required items
 * (release-status.ts isOpenRequired), the roles short of signers
 * (quorum.ts rolesShort) and the unmet gates, each with a sentence.
 *
 * The release asked about is the newest of that version in that environment
 * that has its approval, else the newest not cancelled, else the newest.
 * An unknown environment or version is "not found", naming which.
 * The caller has checked that the viewer may read the project.
 */
export async function checkDeploymentGate(project: ProjectRef, query: GateQuery, baseUrl: string | null): Promise<GateAnswer> {
  const environment = await db.environment.findUnique({ where: { projectId_key: { projectId: project.id, key: query.environment } }, select: { id: true } });
  if (!environment) throw new AppError("NOT_FOUND", `${project.key} has no environment "${query.environment}".`, { environment: ["No such environment in this project."] });
  const candidates = await db.release.findMany({
    where: { projectId: project.id, environmentId: environment.id, version: query.version },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true },
  });
  const chosen = candidates.find((entry) => hasApproval(entry.status)) ?? candidates.find((entry) => entry.status !== "cancelled") ?? candidates[0];
  if (!chosen) throw new AppError("NOT_FOUND", `${project.key} has no ${query.environment} release ${query.version}.`, { version: ["No release of this version in this environment."] });

  const release = await lockRelease(db, chosen.id, false);
  const document = await loadTemplateDocument(release.templateVersionId);
  const [items, signoffs, quorums, gates] = await Promise.all([
    db.itemState.findMany({ where: { releaseId: release.id }, select: { itemKey: true, required: true, status: true }, orderBy: { position: "asc" } }),
    listSignoffs(release.id),
    readRoleQuorums(db, release.environmentId),
    unmetGates(db, release.environmentId, release.version),
  ]);
  const url = publicLink(releasePath(project.key, release.id), baseUrl);
  const ref = {
    id: release.id,
    version: release.version,
    status: release.status,
    project: { key: project.key, name: project.name },
    environment: { key: release.environmentKey, name: release.environmentName },
    url,
  };

  const missing: GateMissing[] = [];
  const label = `${release.environmentName} ${release.version}`;
  if (!hasApproval(release.status)) {
    const status = STATUS_LABELS[release.status].toLowerCase();
    const why = release.status === "cancelled" || release.status === "rolled_back" ? `${label} was ${status}; it will not be approved.` : `${label} is ${status}, not approved.`;
    missing.push({ kind: "status", status: release.status, message: why });
  }
  const titles = new Map(allItems(document).map(({ item }) => [item.key, item.title.replaceAll("X.Y.Z", release.version)]));
  for (const item of items.filter(isOpenRequired)) {
    const title = titles.get(item.itemKey) ?? item.itemKey;
    missing.push({ kind: "item", key: item.itemKey, title, status: item.status, message: `Required item “${title}” is ${item.status === "blocked" ? "blocked" : "open"}.` });
  }
  const live = signoffs.filter((signoff) => signoff.status === "active");
  for (const short of rolesShort(signoffRoleNames(document), live.map((signoff) => signoff.role), quorums)) {
    const resigned = new Set(live.filter((signoff) => signoff.role === short.role).map((signoff) => signoff.signerId));
    const stale = signoffs
      .filter((signoff) => signoff.role === short.role && signoff.status === "stale" && !resigned.has(signoff.signerId))
      .filter((signoff, index, all) => all.findIndex((other) => other.signerId === signoff.signerId) === index)
      .map((signoff) => ({ printedName: signoff.printedName, reason: signoff.staleReason }));
    const count = `${short.signed} of ${signersWord(short.quorum)}`;
    const message =
      stale.length > 0
        ? `${short.role}: the signature of ${stale.map((entry) => entry.printedName).join(" and ")} went stale (what it covered changed); it must be signed again (${count}).`
        : `${short.role} has not signed (${count}).`;
    missing.push({ kind: "signoff", role: short.role, signed: short.signed, quorum: short.quorum, stale, message });
  }
  for (const gate of gates) {
    const message = gateMessage(release.version, release.environmentName, [gate]);
    missing.push({ kind: "gate", environment: gate.environment, release: gate.release ? { id: gate.release.id, status: gate.release.status } : null, message });
  }

  if (missing.length === 0) {
    return {
      allowed: true,
      release: ref,
      signatures: live.map((signoff) => ({
        role: signoff.role,
        printedName: signoff.printedName,
        meaning: signoff.meaning,
        signedAt: signoff.signedAt,
        contentHash: signoff.contentHash,
        method: signoff.passkey ? ("passkey" as const) : ("password" as const),
        passkeyFingerprint: signoff.passkey?.fingerprint ?? null,
      })),
    };
  }
  return { allowed: false, missing, url, release: ref };
}
