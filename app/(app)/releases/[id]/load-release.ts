import "server-only";
import { cache } from "react";
import { AppError } from "@/lib/errors/app-error";
import { getRelease, type ReleaseView } from "@/lib/releases/get-release";

/** One read per request, shared by the layout (the 404 check), the metadata and the page; null when there is no such release. */
export const loadRelease = cache(async (id: string): Promise<ReleaseView | null> => {
  try {
    return await getRelease(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
