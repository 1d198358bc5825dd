import "server-only";
import { cache } from "react";
import { AppError } from "@/lib/errors/app-error";
import { getRelease, type ReleaseView } from "@/lib/releases/get-release";
import { getCurrentUser } from "@/lib/auth/current-user";

/**
 * One read per request, shared by a release's layout (the 404 check), its
 * metadata and its page, on /releases/[id] and /archive/[id] alike; null when
 * there is no such release or the signed-in user may not read its project
 * (lib/releases/visibility.ts). Ids are compared lowercased.
 */
export const loadRelease = cache(async (id: string): Promise<ReleaseView | null> => {
  try {
    const user = await getCurrentUser();
    if (!user) return null;
    return await getRelease(id.toLowerCase(), user);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
