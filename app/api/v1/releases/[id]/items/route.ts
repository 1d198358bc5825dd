import { goneRoute } from "../../../_lib/gone-route";

/** Moved to /projects/{key}/releases/{id}/items (issue 11): 410 Gone naming the new path. */
export const GET = goneRoute("/api/v1/releases/[id]/items", "/projects/{key}/releases/{id}/items");
