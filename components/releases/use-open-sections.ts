"use client";

import { useCallback, useEffect, useState } from "react";
import type { ReleaseSectionView } from "@/lib/releases/get-release";
import { isSettled } from "@/lib/releases/release-status";
import { sectionItems } from "./item-store";

/**
 * How many items the first render opens at most. A section with open items
 * opens while the total stays within it (the first such section always
 * does); completed sections and the rest start closed, so a 1,000-item
 * checklist renders a few sections, not every row.
 */
export const RENDER_BUDGET = 150;

/** Which sections start open when this browser has no choice stored for them. */
export function defaultOpenSections(sections: ReleaseSectionView[]): Record<string, boolean> {
  const open: Record<string, boolean> = {};
  let rendered = 0;
  for (const section of sections) {
    const items = sectionItems(section);
    const unfinished = items.some((item) => !isSettled(item.state.status));
    const fits = rendered === 0 || rendered + items.length <= RENDER_BUDGET;
    open[section.key] = unfinished && fits;
    if (open[section.key]) rendered += items.length;
  }
  return open;
}

/** The localStorage key of one user's choices on one release: kept per user and release, in this browser. */
export const openSectionsKey = (userId: string, releaseId: string) => `countersign:sections:${userId}:${releaseId}`;

function readStored(key: string): Record<string, boolean> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? "{}");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, boolean] => typeof entry[1] === "boolean"));
  } catch {
    return {};
  }
}

/**
 * Which sections are open: the default above, then what this user chose on
 * this release (read after the first render, so the server's HTML and the
 * hydrated page agree), saved on every change.
 */
export function useOpenSections(sections: ReleaseSectionView[], userId: string, releaseId: string) {
  const key = openSectionsKey(userId, releaseId);
  const [open, setOpen] = useState<Record<string, boolean>>(() => defaultOpenSections(sections));

  useEffect(() => {
    const stored = readStored(key);
    if (Object.keys(stored).length > 0) setOpen((current) => ({ ...current, ...stored }));
  }, [key]);

  const update = useCallback(
    (change: (current: Record<string, boolean>) => Record<string, boolean>) =>
      setOpen((current) => {
        const next = change(current);
        try {
          window.localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // storage full or disabled: the choice lasts until the page is left
        }
        return next;
      }),
    [key],
  );

  const setSection = useCallback((sectionKey: string, value: boolean) => update((current) => ({ ...current, [sectionKey]: value })), [update]);
  const setAll = useCallback(
    (value: boolean) => update(() => Object.fromEntries(sections.map((section) => [section.key, value]))),
    [sections, update],
  );
  return { open, setSection, setAll };
}
