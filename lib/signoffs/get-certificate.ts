import "server-only";
import { releaseChain } from "../audit/append-event";
import { releaseTimeline, type TimelineEvent } from "../audit/release-history";
import { getPublicKey, type PublishedKey } from "../audit/get-public-key";
import { getRelease, type ReleaseView } from "../releases/get-release";
import type { Viewer } from "../releases/visibility";
import { listSignoffs, type SignoffView } from "./get-signoffs";

export type CertificateRole = {
  group: string;
  role: string;
  /** The live signature, if any. */
  signoff?: SignoffView;
  /** When not signed: the status of the role's newest signature (stale or revoked), if it had one. */
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
  /** Roles without a live signature. */
  missing: string[];
  /** Signatures no longer valid, oldest first. */
  earlier: SignoffView[];
  timeline: TimelineEvent[];
  generatedAt: string;
};

/**
 * Everything a sign-off certificate shows, for the page and the PDF alike:
 * the release, its audit chain head, the checkpoint key's fingerprint, every
 * role with its live signature (signer, meaning, UTC time, content hash,
 * audit head), the signatures no longer valid, and the timeline.
 */
export async function getCertificate(releaseId: string, viewer: Viewer): Promise<Certificate> {
  const view = await getRelease(releaseId, viewer);
  const [signoffs, timeline, key] = await Promise.all([
    listSignoffs(view.id),
    releaseTimeline(view.id),
    // The certificate still shows its signatures when the key file cannot be read; it says so instead of a fingerprint.
    getPublicKey().catch(() => null),
  ]);
  const live = new Map(signoffs.filter((signoff) => signoff.status === "active").map((signoff) => [signoff.role, signoff]));
  const newest = new Map<string, SignoffView>();
  for (const signoff of signoffs) if (!newest.has(signoff.role)) newest.set(signoff.role, signoff);
  const roles: CertificateRole[] = view.signoffGroups.flatMap((group) =>
    group.roles.map((role) => {
      const signoff = live.get(role);
      const last = newest.get(role)?.status;
      return { group: group.title, role, ...(signoff ? { signoff } : last && last !== "active" ? { lastStatus: last } : {}) };
    }),
  );
  return {
    release: { id: view.id, version: view.version, status: view.status, environment: view.environment, template: view.template, createdAt: view.createdAt },
    head: timeline.at(-1),
    chain: releaseChain(view.id),
    key,
    roles,
    missing: roles.filter((entry) => !entry.signoff).map((entry) => entry.role),
    earlier: signoffs.filter((signoff) => signoff.status !== "active").reverse(),
    timeline,
    generatedAt: new Date().toISOString(),
  };
}
