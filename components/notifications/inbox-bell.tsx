"use client";

import Link from "next/link";
import { Bell } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The header's bell: a link to the inbox with the unread count, kept live by
 * the user's own event stream (/api/notifications/events), which sends the
 * count on every connection and after every change. `initialUnread` (read
 * with the page) is shown until the stream's first count, so the badge is in
 * the first paint. The header only places it.
 */
export function InboxBell({ className, initialUnread = null }: { className?: string; initialUnread?: number | null }) {
  const [unread, setUnread] = useState<number | null>(initialUnread);
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      const current = new EventSource("/api/notifications/events");
      source = current;
      current.addEventListener("unread", (event) => {
        const data = JSON.parse((event as MessageEvent<string>).data) as { unread?: unknown };
        if (typeof data.unread === "number") setUnread(data.unread);
      });
      current.addEventListener("error", () => {
        // The browser reconnects by itself, except after an HTTP error: then we retry, slowly.
        if (current.readyState === EventSource.CLOSED) {
          current.close();
          retry = setTimeout(connect, 10_000);
        }
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link
      href="/inbox"
      aria-label={label}
      title={label}
      data-testid="inbox-bell"
      className={cn("touch-target relative inline-flex size-9 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring", className)}
    >
      <Bell className="size-5" aria-hidden="true" />
      {unread ? (
        <span data-testid="inbox-unread" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-destructive px-1 text-center text-xs font-semibold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
