import "server-only";
import { releaseChain } from "../audit/append-event";
import { getPublicKey } from "../audit/get-public-key";
import { AUDIT_EVENT_SCHEMAS } from "../audit/event-types";
import { db, Prisma } from "../db/client";
import { formatUtc, formatUtcSeconds } from "../format/utc";
import { AppError } from "../errors/app-error";
import { loadTemplateDocument } from "../templates/load-template-document";
import { type Detail, renderTemplateMarkdown } from "../templates/render-markdown";
import type { Contact } from "./get-release";
import { requireId } from "../http/parse-id";
import { quorumOf } from "../signoffs/quorum";
import { readRoleQuorums } from "../signoffs/sign-off";


/**
 * The completed checklist as Markdown in the reference layout
 * (docs/decisions/016-evidence-export.md): done `- [x] Title`, N/A
 * `- [x] ~~Title~~ (N/A: reason)`, blocked `- [ ] Title (Blocked: reason)`,
 * notes, evidence links and earlier blocks as nested lines; X.Y.Z as the
 * release's version; the reference sign-off lines filled in from live
 * signatures with each one's meaning and content hash below (and a stale or
 * revoked newest signature under a blank line; a role needing several signers
 * is ticked once its quorum is met and lists each signer); the contacts table; and a
 * footer with the release id, the audit head of the release's chain and the
 * checkpoint key's fingerprint. Everything people typed goes through
 * lib/templates/markdown-text.ts. Read in one repeatable-read transaction, so
 * the audit head is the head of exactly the state shown.
 */
export async function exportReleaseMarkdown(releaseId: string): Promise<{ fileName: string; markdown: string }> {
  releaseId = requireId(releaseId, "Release not found.");
  const chain = releaseChain(releaseId);
  const read = await db.$transaction(
    async (tx) => {
      const release = await tx.release.findUnique({
        where: { id: releaseId },
        include: { environment: { select: { key: true, name: true } }, items: true },
      });
      if (!release) throw new AppError("NOT_FOUND", "Release not found.");
      const signoffs = await tx.signoff.findMany({ where: { releaseId }, orderBy: { signedAt: "desc" } });
      const head = await tx.auditEvent.findFirst({ where: { chain }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      const itemEvents = await tx.auditEvent.findMany({ where: { chain, type: "item.updated" }, orderBy: { seq: "asc" }, select: { data: true, occurredAt: true } });
      const quorums = await readRoleQuorums(tx, release.environmentId);
      return { release, signoffs, head, itemEvents, quorums };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const { release, signoffs, head } = read;
  const document = await loadTemplateDocument(release.templateVersionId);
  // The checklist still exports when the key file cannot be read; the footer says so instead of a fingerprint.
  const fingerprint = (await getPublicKey().catch(() => null))?.fingerprint ?? "not available: the checkpoint key cannot be read right now";

  const states = new Map(release.items.map((item) => [item.itemKey, item]));
  const contacts = new Map((release.contacts as Contact[]).map((contact) => [contact.role, contact]));
  const applicable = new Set(release.items.map((item) => item.itemKey));
  const blockedEarlier = new Map<string, Detail[]>();
  for (const event of read.itemEvents) {
    const data = AUDIT_EVENT_SCHEMAS["item.updated"].parse(event.data);
    if (data.after.status !== "blocked" || data.before.status === "blocked") continue;
    const list = blockedEarlier.get(data.itemKey) ?? [];
    list.push({ label: `Blocked ${formatUtc(event.occurredAt)}`, text: data.after.reason ?? "" });
    blockedEarlier.set(data.itemKey, list);
  }
  // Signatures come newest first: the newest per role is its line, a live one filling it in.
  type Signature = (typeof signoffs)[number];
  const newest = new Map<string, Signature>();
  for (const signoff of signoffs) if (!newest.has(signoff.role)) newest.set(signoff.role, signoff);
  const ownWork: Detail = { label: "Signed own work", text: "the signer had ticked an item this role covers" };
  const signatureDetails = (signoff: Signature, named: boolean): Detail[] => [
    ...(named ? [{ label: "Signed by", text: signoff.printedName }] : []),
    ...(signoff.signedOwnWork ? [ownWork] : []),
    { label: "Meaning", text: signoff.meaning },
    { label: "Content hash (sha256)", text: signoff.contentHash },
    { label: "Signed", text: formatUtcSeconds(signoff.signedAt) },
  ];

  const markdown = renderTemplateMarkdown(
    {
      ...document,
      title: `${document.title}: ${release.environment.name} ${release.version}`,
      // Items that do not apply to this environment are left out of its record.
      blocks: document.blocks.map((block) =>
        block.kind === "checklist" || block.kind === "environments"
          ? { ...block, subsections: block.subsections.map((sub) => ({ ...sub, items: sub.items.filter((item) => applicable.has(item.key)) })).filter((sub) => sub.items.length > 0) }
          : block,
      ),
    },
    {
      version: release.version,
      itemMark: (item) => {
        const state = states.get(item.key);
        if (!state) return undefined;
        const details: Detail[] = [];
        if (state.note) details.push({ label: "Note", text: state.note });
        for (const url of state.evidenceLinks) details.push({ label: "Evidence", url });
        // The current block is on the item line; earlier ones (now resolved or re-blocked) are history.
        const history = blockedEarlier.get(item.key) ?? [];
        details.push(...(state.status === "blocked" ? history.slice(0, -1) : history));
        return { status: state.status, reason: state.reason, details };
      },
      signoff: (role) => {
        const quorum = quorumOf(read.quorums, role);
        const live = signoffs.filter((signoff) => signoff.role === role && signoff.status === "active").reverse();
        if (quorum > 1 && live.length > 0) {
          // Several signers: the line is ticked once the quorum is met, with every signer below it.
          const progress: Detail = { label: "Quorum", text: `${Math.min(live.length, quorum)} of ${quorum} signed` };
          const last = live.at(-1)!;
          return {
            ...(live.length >= quorum ? { signed: { name: live.map((signoff) => signoff.printedName).join(", "), date: formatUtc(last.signedAt) } } : {}),
            details: [progress, ...live.flatMap((signoff) => signatureDetails(signoff, true))],
          };
        }
        const signoff = live.at(-1) ?? newest.get(role);
        if (!signoff) return undefined;
        const hash: Detail = { label: "Content hash (sha256)", text: signoff.contentHash };
        if (signoff.status === "active") {
          return { signed: { name: signoff.printedName, date: formatUtc(signoff.signedAt) }, details: signatureDetails(signoff, false) };
        }
        const why = signoff.status === "stale" ? (signoff.staleReason ?? "what it covered changed") : (signoff.revokeReason ?? "no reason given");
        return {
          details: [
            { label: signoff.status === "stale" ? "Stale" : "Revoked", text: `${signoff.printedName} signed ${formatUtc(signoff.signedAt)}; no longer valid: ${why}` },
            { label: "Meaning", text: signoff.meaning },
            hash,
          ],
        };
      },
      contact: (role) => {
        const contact = contacts.get(role);
        return contact ? [contact.name || "TBD", contact.phone || "TBD", contact.email || "TBD"] : undefined;
      },
      footer: [
        { label: "Release id", text: release.id },
        { label: "Audit head", text: head ? `event ${head.seq} of chain ${chain}, hash ${head.hash}` : `no events on chain ${chain}` },
        { label: "Checkpoint key fingerprint (SHA-256)", text: fingerprint },
      ],
    },
  );
  const fileName = `${release.environment.key}-${release.version}-checklist.md`.replace(/[^A-Za-z0-9.+_-]/g, "-");
  return { fileName, markdown };
}
