import { apiRoute } from "@/lib/auth/api-route";
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
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (unread: number) => {
        try {
          controller.enqueue(encoder.encode(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await inboxHub().subscribe(user.id, send);
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          cleanup();
        }
      }, 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      send(await unreadCount(user.id));
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
