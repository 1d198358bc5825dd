import { goneRoute } from "../_lib/gone-route";

/** Moved to /projects/{key}/releases (issue 11): 410 Gone naming the new path. */
export const GET = goneRoute("/api/v1/releases", "/projects/{key}/releases");
export const POST = goneRoute("/api/v1/releases", "/projects/{key}/releases");
