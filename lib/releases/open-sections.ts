import { isSettled, type ItemStatus } from "./release-status";

/**
 * Which sections of a release page are open (issue 17, docs/decisions/028):
 * the one place this rule is written. The server renders the page with it
 * (a closed section renders its header and no rows) and the browser starts
 * from the same answer.
 *
 * A user's own choices (per user and release, lib/releases/set-open-sections.ts)
 * win; a section they never opened or closed follows the default: sections
 * with unfinished items open, in order, while the opened items stay within
 * RENDER_BUDGET (the first unfinished section always opens); finished
 * sections start closed. The reference checklist (109 items) opens whole.
 */
export const RENDER_BUDGET = 150;

/** The little the rule needs of a section: its key and its items' statuses. */
export type SectionShape = { key: string; subsections: { items: { state: { status: ItemStatus } }[] }[] };

/** A user's choices on one release: section key -> open. */
export type OpenChoices = Record<string, boolean>;

export function defaultOpenSections(sections: readonly SectionShape[]): OpenChoices {
  const open: OpenChoices = {};
  let rendered = 0;
  for (const section of sections) {
    const items = section.subsections.flatMap((subsection) => subsection.items);
    const unfinished = items.some((item) => !isSettled(item.state.status));
    const fits = rendered === 0 || rendered + items.length <= RENDER_BUDGET;
    open[section.key] = unfinished && fits;
    if (open[section.key]) rendered += items.length;
  }
  return open;
}

/** Every section of the page, open or not: the user's choices over the default (choices for sections the page no longer has are ignored). */
export function openSectionsFor(sections: readonly SectionShape[], choices: OpenChoices): OpenChoices {
  const open = defaultOpenSections(sections);
  for (const section of sections) if (typeof choices[section.key] === "boolean") open[section.key] = choices[section.key]!;
  return open;
}
