import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/** Permission checked above every loading boundary of the archive: a refusal is a real 404. */
export default async function ArchiveLayout({ children }: { children: ReactNode }) {
  await requirePermission("audit:read");
  return children;
}
