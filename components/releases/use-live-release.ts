"use client";

import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { useRouter } from "next/navigation";
import type { ReleaseStatus } from "@/lib/releases/release-status";
import type { ReleaseView } from "@/lib/releases/get-release";
import type { ItemStateView, ReleaseProgress } from "@/lib/releases/set-item-state";
import { ItemStore } from "./item-store";

export type Connection = "connecting" | "live" | "reconnecting";

export function itemsOf(view: ReleaseView): ItemStateView[] {
  return view.sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items.map((item) => item.state)));
}

type SnapshotMessage = { items: ItemStateView[]; release: ReleaseProgress };
type ItemMessage = { item: ItemStateView; release: ReleaseProgress };
type ReleaseMessage = { release: ReleaseProgress };

/**
 * The item states and status of a release as this browser knows them: the
 * server's render, then every change from the live stream, from our own
 * saves and from refreshes, each item kept at its newest version. The
 * stream starts with a snapshot on every (re)connection, so a browser that
 * lost its connection catches up by itself.
 */
export function useLiveRelease(view: ReleaseView) {
  const router = useRouter();
  const [store] = useState(() => new ItemStore(itemsOf(view)));
  const [status, setStatus] = useState<ReleaseStatus>(view.status);
  const [connection, setConnection] = useState<Connection>("connecting");

  // A refreshed server render (router.refresh, navigation): keep whichever state of each item is newer.
  const [renderedView, setRenderedView] = useState(view);
  if (renderedView !== view) {
    setRenderedView(view);
    setStatus(view.status);
  }
  useEffect(() => store.accept(itemsOf(view)), [store, view]);

  /** Takes item states from anywhere; older ones are ignored. */
  const accept = useCallback(
    (incoming: ItemStateView[], release?: Pick<ReleaseProgress, "status">) => {
      store.accept(incoming);
      if (release) setStatus(release.status);
    },
    [store],
  );

  const onMessage = useEffectEvent((type: string, raw: string) => {
    if (type === "resync") {
      router.refresh();
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return;
    }
    if (type === "snapshot") {
      const snapshot = data as SnapshotMessage;
      accept(snapshot.items, snapshot.release);
    } else if (type === "item") {
      const message = data as ItemMessage;
      accept([message.item], message.release);
    } else if (type === "release") {
      // Contacts, status or sign-offs changed: re-read the page.
      setStatus((data as ReleaseMessage).release.status);
      router.refresh();
    }
  });
  const onConnection = useEffectEvent((state: Connection) => setConnection(state));

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      const current = new EventSource(`/api/releases/${view.id}/events`);
      source = current;
      // A connection that has not opened in 10 s (a stalled request on a busy server) is dropped and tried again,
      // rather than leaving the page "Connecting…" for good.
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (stopped || source !== current || current.readyState === EventSource.OPEN) return;
        current.close();
        connect();
      }, 10_000);
      current.addEventListener("open", () => {
        clearTimeout(watchdog);
        onConnection("live");
      });
      current.addEventListener("error", () => {
        onConnection("reconnecting");
        // The browser retries by itself (the server asks for 1 s), except after an HTTP error: then we retry, more slowly.
        if (current.readyState === EventSource.CLOSED) {
          current.close();
          retry = setTimeout(connect, 5_000);
        }
      });
      for (const type of ["snapshot", "item", "release", "resync"]) {
        current.addEventListener(type, (event) => onMessage(type, (event as MessageEvent<string>).data));
      }
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(watchdog);
      source?.close();
    };
  }, [view.id]);

  return { store, status, connection, accept };
}
