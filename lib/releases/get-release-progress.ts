import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { ReleaseProgress } from "./set-item-state";

/** A release's status and counters (what the live stream's snapshot carries); 404 when there is no such release. */
export async function getReleaseProgress(releaseId: string): Promise<ReleaseProgress> {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: { status: true, itemsTotal: true, itemsDone: true, requiredOpen: true, blockedCount: true },
  });
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");
  return release;
}
