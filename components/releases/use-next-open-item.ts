"use client";

import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { ReleaseItemView, ReleaseSectionView } from "@/lib/releases/get-release";
import { checkboxId, itemKeyOfRow } from "./item-dom";
import { type ItemStore, nextOpenItem } from "./item-store";
import { type Filters, isFiltering, NO_FILTERS, passes } from "./release-section";

/** Typing in a field, or a dialog open: the page's single-key shortcut stays out of the way. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.closest("textarea, select, [role=dialog], [role=menu]") !== null || (target instanceof HTMLInputElement && target.type !== "checkbox"));

type Options = {
  sections: ReleaseSectionView[];
  store: ItemStore;
  itemByKey: Map<string, ReleaseItemView>;
  meId: string;
  setFilters: Dispatch<SetStateAction<Filters>>;
  setSection: (sectionKey: string, open: boolean) => void;
};

/**
 * "Next open item" (a button, and the N key anywhere on the page outside
 * fields and dialogs): opens the section of the next item that is not done
 * or N/A after the focused one (wrapping around), clears a filter that hides
 * it, scrolls to it and focuses its checkbox, so Space ticks it and N moves on.
 */
export function useNextOpenItem({ sections, store, itemByKey, meId, setFilters, setSection }: Options): () => void {
  const [focusTarget, setFocusTarget] = useState<{ key: string; serial: number } | null>(null);
  const lastTarget = useRef<string | undefined>(undefined);

  const onNextOpen = useCallback(() => {
    const focused = itemKeyOfRow(document.activeElement) ?? lastTarget.current;
    const next = nextOpenItem(sections, store, focused ?? undefined);
    if (!next) {
      toast.success("Every item is done or not applicable.");
      return;
    }
    lastTarget.current = next.itemKey;
    const item = itemByKey.get(next.itemKey);
    setFilters((current) => (item && isFiltering(current) && !passes(item, current, store, meId) ? NO_FILTERS : current));
    setSection(next.sectionKey, true);
    setFocusTarget((current) => ({ key: next.itemKey, serial: (current?.serial ?? 0) + 1 }));
  }, [itemByKey, meId, setFilters, setSection, store, sections]);

  useEffect(() => {
    if (!focusTarget) return;
    const checkbox = document.getElementById(checkboxId(focusTarget.key));
    checkbox?.scrollIntoView({ block: "center" });
    checkbox?.focus({ preventScroll: true });
  }, [focusTarget]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "n" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typingIn(event.target)) return;
      event.preventDefault();
      onNextOpen();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onNextOpen]);

  return onNextOpen;
}
