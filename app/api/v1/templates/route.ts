import { goneRoute } from "../_lib/gone-route";

/** Moved to /projects/{key}/templates (issue 11): 410 Gone naming the new path. */
export const GET = goneRoute("/api/v1/templates", "/projects/{key}/templates");
