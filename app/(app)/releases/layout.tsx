import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/**
 * Checked here, above every loading boundary of the releases pages, so a
 * refusal is a real 404 before anything streams.
 */
export default async function ReleasesLayout({ children }: { children: ReactNode }) {
  await requirePermission("release:read");
  return children;
}
