import type { ItemStatus } from "@/lib/releases/release-status";
import type { ReleaseItemView, ReleaseSectionView, ReleaseView } from "@/lib/releases/get-release";

/**
 * The release page's checklist as it travels from the server render to the
 * browser (the client component's props, inlined in the page's HTML): each
 * item as a short array instead of a keyed object, the defaults left out, so
 * the data costs about a third of what it did per item (ADR 020). The page
 * unpacks it once into the usual ReleaseView.
 */

/** [status, version, updatedByName, updatedAt, assigneeId, reason, note, evidenceLinks], trailing empty ones left out. */
export type PackedState = [ItemStatus, number, ...(string | string[] | null)[]];
/** Only what differs from a required item without phase or command. */
type PackedExtra = { optional?: 1; phase?: string; command?: string };
/** [key, title, state, extra?] */
export type PackedItem = [string, string, PackedState] | [string, string, PackedState, PackedExtra];
type PackedSubsection = { key: string; title: string; note?: string; items: PackedItem[] };
type PackedSection = Omit<ReleaseSectionView, "subsections"> & { subsections: PackedSubsection[] };
export type PackedView = Omit<ReleaseView, "sections"> & { sections: PackedSection[] };

function packItem(item: ReleaseItemView): PackedItem {
  const { state } = item;
  const tail = [state.updatedByName, state.updatedAt, state.assigneeId, state.reason, state.note, state.evidenceLinks.length ? state.evidenceLinks : null];
  while (tail.length > 0 && tail.at(-1) === null) tail.pop();
  const packedState: PackedState = [state.status, state.version, ...tail];
  const extra: PackedExtra = {
    ...(item.required ? {} : { optional: 1 as const }),
    ...(item.phase ? { phase: item.phase } : {}),
    ...(item.command ? { command: item.command } : {}),
  };
  return Object.keys(extra).length ? [item.key, item.title, packedState, extra] : [item.key, item.title, packedState];
}

function unpackItem([key, title, packedState, extra]: PackedItem): ReleaseItemView {
  const [status, version, updatedByName, updatedAt, assigneeId, reason, note, evidenceLinks] = packedState;
  const text = (value: string | string[] | null | undefined) => (typeof value === "string" ? value : null);
  return {
    key,
    title,
    required: extra?.optional !== 1,
    ...(extra?.phase ? { phase: extra.phase } : {}),
    ...(extra?.command ? { command: extra.command } : {}),
    state: {
      itemKey: key,
      status,
      reason: text(reason),
      note: text(note),
      evidenceLinks: Array.isArray(evidenceLinks) ? evidenceLinks : [],
      assigneeId: text(assigneeId),
      updatedByName: text(updatedByName),
      updatedAt: text(updatedAt),
      version,
    },
  };
}

export function packView(view: ReleaseView): PackedView {
  return {
    ...view,
    sections: view.sections.map((section) => ({
      ...section,
      subsections: section.subsections.map((subsection) => ({ ...subsection, items: subsection.items.map(packItem) })),
    })),
  };
}

export function unpackView(packed: PackedView): ReleaseView {
  return {
    ...packed,
    sections: packed.sections.map((section) => ({
      ...section,
      subsections: section.subsections.map((subsection) => ({ ...subsection, items: subsection.items.map(unpackItem) })),
    })),
  };
}
