import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { loadTemplateDocument } from "../templates/load-template-document";
import { renderTemplateMarkdown } from "../templates/render-markdown";
import type { Contact } from "./get-release";

const utcMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * The completed checklist as Markdown in the reference layout: `[x]` for done,
 * N/A and blocked items with their reason, X.Y.Z as the release's version, the
 * sign-off lines filled in from live signatures, the contacts table filled in.
 */
export async function exportReleaseMarkdown(releaseId: string): Promise<{ fileName: string; markdown: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(releaseId)) throw new AppError("NOT_FOUND", "Release not found.");
  const release = await db.release.findUnique({
    where: { id: releaseId },
    include: { environment: { select: { key: true, name: true } }, items: true },
  });
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");
  const document = await loadTemplateDocument(release.templateVersionId);
  const signoffs = await db.signoff.findMany({ where: { releaseId, status: "active" }, orderBy: { signedAt: "asc" } });
  const states = new Map(release.items.map((item) => [item.itemKey, item]));
  const contacts = new Map((release.contacts as Contact[]).map((contact) => [contact.role, contact]));
  const applicable = new Set(release.items.map((item) => item.itemKey));

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
        if (!state) return { checked: false };
        if (state.status === "done") return { checked: true };
        if (state.status === "na") return { checked: true, suffix: ` (N/A: ${state.reason ?? ""})` };
        if (state.status === "blocked") return { checked: false, suffix: ` (Blocked: ${state.reason ?? ""})` };
        return { checked: false };
      },
      signoff: (role) => {
        const signed = signoffs.find((entry) => entry.role === role);
        return signed ? { checked: true, line: `${signed.printedName} Date: ${utcMinute(signed.signedAt)}` } : undefined;
      },
      contact: (role) => {
        const contact = contacts.get(role);
        return contact ? [contact.name || "TBD", contact.phone || "TBD", contact.email || "TBD"] : undefined;
      },
    },
  );
  const fileName = `${release.environment.key}-${release.version}-checklist.md`.replace(/[^A-Za-z0-9.+_-]/g, "-");
  return { fileName, markdown };
}
