import { apiRoute } from "@/lib/auth/api-route";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { unreadCount } from "@/lib/notifications/inbox";
import { inboxHub } from "@/lib/notifications/inbox-hub";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the signed-in user's bell: `unread` with their
 * unread count on every (re)connection and after each change to their inbox,
 * on whichever instance or worker it was made (PostgreSQL LISTEN/NOTIFY).
 * Only the caller's own count, never anyone else's.
 */
export const GET = apiRoute({ permission: "profile:read" }, async (_input, { request, user }) => {
  return eventStreamResponse(request, 2_000, async ({ send }) => {
    const unsubscribe = await inboxHub().subscribe(user.id, (unread: number) => send("unread", { unread }));
    send("unread", { unread: await unreadCount(user.id) });
    return unsubscribe;
  });
});
