import { eventStreamResponse } from "@/lib/http/event-stream";
import { getItemStates } from "@/lib/releases/get-release";
import { getReleaseProgress } from "@/lib/releases/get-release-progress";
import { liveHub, type LiveMessage } from "@/lib/releases/live-hub";
import { releaseIdOf, releaseProject, v1Route } from "../../../v1/_lib/v1-route";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for one release. Every (re)connection starts with a
 * snapshot of all item states, so a browser that lost its connection catches
 * up on what it missed; then each change arrives as it commits, on whichever
 * instance it was made (PostgreSQL LISTEN/NOTIFY).
 */
// The release's project must be readable by the viewer (404 otherwise, as for the release itself): the stream carries only releases they may read.
export const GET = v1Route({ permission: "release:read", project: releaseProject }, async (_input, { request, params }) => {
  const releaseId = releaseIdOf(params);
  const release = await getReleaseProgress(releaseId);

  return eventStreamResponse(request, 1_000, async ({ send }) => {
    const unsubscribe = await liveHub().subscribe(releaseId, (message: LiveMessage) => send(message.type, message));
    send("snapshot", { items: await getItemStates(releaseId), release });
    return unsubscribe;
  });
});
