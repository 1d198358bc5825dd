import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/** Permission checked above the loading boundary: a refusal is a real 404. */
export default async function AuditLayout({ children }: { children: ReactNode }) {
  await requirePermission("audit:read");
  return children;
}
