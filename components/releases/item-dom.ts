/**
 * How a checklist row is found in the page (components/releases/checklist-item.tsx):
 * its checkbox's id carries the item key, and its menu button is `.cl-menu`.
 */
export const checkboxId = (itemKey: string) => `item-${itemKey}`;

/** The item key of a row's checkbox, if the element is one. */
export const itemKeyOfCheckbox = (element: Element | null | undefined) => (element?.id.startsWith("item-") ? element.id.slice("item-".length) : undefined);

/** The item key of the row holding an element (the focused checkbox, menu button or link), if any. */
export const itemKeyOfRow = (element: Element | null | undefined) => itemKeyOfCheckbox(element?.closest(".cl-row")?.querySelector("input"));

/** Moves focus to an item's menu button (after its dialog closes). */
export function focusItemMenu(itemKey: string): void {
  document.getElementById(checkboxId(itemKey))?.closest(".cl-row")?.querySelector<HTMLElement>(".cl-menu")?.focus();
}
