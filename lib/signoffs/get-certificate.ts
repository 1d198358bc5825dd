import "server-only";
import { releaseChain } from "../audit/append-event";
import { releaseTimeline, type TimelineEvent } from "../audit/release-history";
import { getPublicKey, type PublishedKey } from "../audit/get-public-key";
import { getRelease, type ReleaseView } from "../releases/get-release";
import type { Viewer } from "../releases/visibility";
import { listSignoffs, type SignoffView } from "./get-signoffs";
import { quorumOf } from "./quorum";

export type CertificateRole = {
  group: string;
  role: string;
  /** Distinct signers the role needs in the release's environment (docs/decisions/023). */
  quorum: number;
  /** The live signatures, oldest first (one per signer). */
  signoffs: SignoffView[];
  /** When without any live signature: the status of the role's newest signature (stale or revoked), if it had one. */
  lastStatus?: "stale" | "revoked";
};

export type Certificate = {
  release: Pick<ReleaseView, "id" | "version" | "status" | "environment" | "template" | "createdAt">;
  /** The newest event of the release's chain. */
  head: TimelineEvent | undefined;
  chain: string;
  /** The checkpoint key as published (its SHA-256 fingerprint is what an auditor compares); null when the key file cannot be read. */
  key: PublishedKey | null;
  roles: CertificateRole[];
  /** Roles short of their quorum of live signatures (most often: without any). */
  missing: string[];
  /** Signatures no longer valid, oldest first. */
  earlier: SignoffView[];
  timeline: TimelineEvent[];
  generatedAt: string;
};

/**
 * Everything a sign-off certificate shows, for the page and the PDF alike:
 * the release, its audit chain head, the checkpoint key's fingerprint, every
 * role with its live signatures (signer, meaning, UTC time, content hash,
 * audit head, whether it signed own work) against its quorum, the signatures
 * no longer valid, and the timeline.
 */
export async function getCertificate(releaseId: string, viewer: Viewer): Promise<Certificate> {
  const view = await getRelease(releaseId, viewer);
  const [signoffs, timeline, key] = await Promise.all([
    listSignoffs(view.id),
    releaseTimeline(view.id),
    // The certificate still shows its signatures when the key file cannot be read; it says so instead of a fingerprint.
    getPublicKey().catch(() => null),
  ]);
  const newest = new Map<string, SignoffView>();
  for (const signoff of signoffs) if (!newest.has(signoff.role)) newest.set(signoff.role, signoff);
  const roles: CertificateRole[] = view.signoffGroups.flatMap((group) =>
    group.roles.map((role) => {
      const live = signoffs.filter((signoff) => signoff.role === role && signoff.status === "active").reverse();
      const last = newest.get(role)?.status;
      return {
        group: group.title,
        role,
        quorum: quorumOf(view.signoffQuorums, role),
        signoffs: live,
        ...(live.length === 0 && last && last !== "active" ? { lastStatus: last } : {}),
      };
    }),
  );
  return {
    release: { id: view.id, version: view.version, status: view.status, environment: view.environment, template: view.template, createdAt: view.createdAt },
    head: timeline.at(-1),
    chain: releaseChain(view.id),
    key,
    roles,
    missing: roles.filter((entry) => entry.signoffs.length < entry.quorum).map((entry) => entry.role),
    earlier: signoffs.filter((signoff) => signoff.status !== "active").reverse(),
    timeline,
    generatedAt: new Date().toISOString(),
  };
}

/**
 * Why a certificate is not approved, in one sentence: the roles without any
 * valid signature, and those with some but short of their quorum.
 */
export function notApprovedSentence(roles: CertificateRole[]): string | null {
  const unsigned = roles.filter((entry) => entry.signoffs.length === 0).map((entry) => entry.role);
  const short = roles.filter((entry) => entry.signoffs.length > 0 && entry.signoffs.length < entry.quorum);
  if (unsigned.length === 0 && short.length === 0) return null;
  const parts = [
    ...(unsigned.length ? [`${unsigned.length} of ${roles.length} roles have no valid signature (${unsigned.join(", ")})`] : []),
    ...short.map((entry) => `${entry.role} has ${entry.signoffs.length} of the ${entry.quorum} signatures it needs`),
  ];
  return `Not approved: ${parts.join("; ")}.`;
}
