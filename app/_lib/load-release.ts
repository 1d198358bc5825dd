import "server-only";
import { cache } from "react";
import { AppError } from "@/lib/errors/app-error";
import { getRelease, type ReleaseView } from "@/lib/releases/get-release";

/**
 * One read per request, shared by a release's layout (the 404 check), its
 * metadata and its page, on /releases/[id] and /archive/[id] alike; null when
 * there is no such release. Ids are compared lowercased.
 */
export const loadRelease = cache(async (id: string): Promise<ReleaseView | null> => {
  try {
    return await getRelease(id.toLowerCase());
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
