"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { setItemStateAction } from "@/app/(app)/p/[key]/releases/[id]/actions";
import { isLocked, type ItemStatus } from "@/lib/releases/release-status";
import type { ReleaseItemView, ReleaseView } from "@/lib/releases/get-release";
import type { ItemAction } from "./checklist-item";
import type { ItemSaved } from "./item-dialog";
import { nextPaint } from "./after-next-paint";
import { sectionItems } from "./item-store";
import { useLiveRelease } from "./use-live-release";


export type Editing = { key: string; status: ItemStatus; serial: number };


/**
 * The state of a release page: the live item store, the status, the save
 * queue (ticks show at once and are confirmed, or rolled back with the
 * reason, by the server; saves of one item wait for each other, each based
 * on the newest version) and the item being edited in the dialog.
 */
export function useReleaseWorkspace(view: ReleaseView, me: { name: string }, canUpdate: boolean) {
  const router = useRouter();
  const { store, status, connection, accept } = useLiveRelease(view);
  const [editing, setEditing] = useState<Editing | null>(null);
  const queues = useRef(new Map<string, Promise<unknown>>());
  const inFlight = useRef(new Map<string, number>());

  const locked = isLocked(status);
  const readOnly = !canUpdate || locked;
  const allItems = useMemo(() => view.sections.flatMap(sectionItems), [view]);
  const itemByKey = useMemo(() => new Map(allItems.map((item) => [item.key, item])), [allItems]);

  const save = useCallback(
    (item: ReleaseItemView, next: ItemStatus, shownByBrowser = false) => {
      store.setPending(item.key, { status: next, reason: null, updatedByName: me.name, updatedAt: new Date().toISOString() }, { shownByBrowser });
      inFlight.current.set(item.key, (inFlight.current.get(item.key) ?? 0) + 1);
      const previous = queues.current.get(item.key) ?? Promise.resolve();
      const run = previous.then(async () => {
        // The request waits for the tick to be painted: calling a server action also updates the
        // router's state, work that need not stand between the click and the checked box.
        await nextPaint();
        const result = await setItemStateAction({ releaseId: view.id, itemKey: item.key, status: next, expectedVersion: store.versionOf(item.key) });
        if (result.status === "success" && result.data) accept([result.data.item], result.data.release);
        return result;
      });
      queues.current.set(item.key, run.catch(() => undefined));
      const settle = () => {
        const left = (inFlight.current.get(item.key) ?? 1) - 1;
        inFlight.current.set(item.key, left);
        // The newest pending change stays on screen until its own save ends.
        if (left === 0) store.clearPending(item.key);
      };
      run
        .then((result) => {
          settle();
          if (result.status === "error") {
            const detail = result.fieldErrors ? Object.values(result.fieldErrors)[0]?.[0] : undefined;
            toast.error(detail ?? result.message);
            router.refresh();
          }
        })
        .catch(() => {
          settle();
          toast.error("Could not save the change. Check your connection and try again.");
        });
    },
    [accept, me.name, router, store, view.id],
  );

  const onAction = useCallback(
    (item: ReleaseItemView, action: ItemAction) => {
      // A tick comes from the row's native checkbox, which already shows it: the row catches up after the paint.
      if (action.kind === "tick") save(item, action.done ? "done" : "open", true);
      else if (action.kind === "reopen") save(item, "open");
      else setEditing((current) => ({ key: item.key, status: action.status, serial: (current?.serial ?? 0) + 1 }));
    },
    [save],
  );

  const closeDialog = useCallback(() => setEditing(null), []);
  const onSaved = useCallback((saved: ItemSaved) => accept([saved.item], saved.release), [accept]);
  const onRefused = useCallback(() => {
    setEditing(null);
    router.refresh();
  }, [router]);

  return { store, status, connection, locked, readOnly, allItems, itemByKey, onAction, editing, closeDialog, onSaved, onRefused };
}
