"use client";

import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { setOpenSectionsAction } from "@/app/(app)/p/[key]/releases/[id]/actions";
import type { ReleaseSectionView } from "@/lib/releases/get-release";
import type { OpenChoices } from "@/lib/releases/open-sections";
import { nextPaint } from "./after-next-paint";

/**
 * Which sections are open: as the server rendered them (this user's choices
 * on this release over the default, lib/releases/open-sections.ts), then as
 * the user opens and closes them. Each change shows at once and is kept on
 * the server for this user and release (docs/decisions/028), one save after
 * another so the last one wins; a save that fails says so.
 */
export function useOpenSections(sections: ReleaseSectionView[], initialOpen: OpenChoices, releaseId: string) {
  const [open, setOpen] = useState<OpenChoices>(initialOpen);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const keep = useCallback(
    (change: OpenChoices) => {
      const entries = Object.entries(change);
      if (entries.length === 0) return;
      setOpen((current) => ({ ...current, ...change }));
      queue.current = queue.current.then(async () => {
        // The sections open or close first; the save waits for that paint.
        await nextPaint();
        try {
          const result = await setOpenSectionsAction({
            releaseId,
            open: entries.filter(([, value]) => value).map(([key]) => key),
            closed: entries.filter(([, value]) => !value).map(([key]) => key),
          });
          if (result.status === "error") toast.error(`Could not keep which sections are open: ${result.message}`);
        } catch {
          toast.error("Could not keep which sections are open. Check your connection.");
        }
      });
    },
    [releaseId],
  );

  const setSection = useCallback((sectionKey: string, value: boolean) => keep({ [sectionKey]: value }), [keep]);
  const setAll = useCallback((value: boolean) => keep(Object.fromEntries(sections.map((section) => [section.key, value]))), [sections, keep]);
  return { open, setSection, setAll };
}
