import { goneRoute } from "../../../../_lib/gone-route";

/** Moved to /projects/{key}/releases/{id}/items/{itemKey} (issue 11): 410 Gone naming the new path. */
export const GET = goneRoute("/api/v1/releases/[id]/items/[itemKey]", "/projects/{key}/releases/{id}/items/{itemKey}");
export const PATCH = goneRoute("/api/v1/releases/[id]/items/[itemKey]", "/projects/{key}/releases/{id}/items/{itemKey}");
