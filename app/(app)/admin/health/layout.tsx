import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/** Admins only (health:read), checked above the loading boundary so a refusal is a real 404. */
export default async function HealthLayout({ children }: { children: ReactNode }) {
  await requirePermission("health:read");
  return children;
}
