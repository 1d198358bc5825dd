import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/**
 * Checked here, above any loading boundary, so a refusal is a real 404
 * before anything streams (a page-level check after a loading.tsx would
 * already have sent 200).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePermission("user:read");
  return children;
}
