import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { NavLinks } from "@/components/app/nav-links";

/**
 * Checked here, above any loading boundary, so a refusal is a real 404
 * before anything streams (a page-level check after a loading.tsx would
 * already have sent 200). The admin area's own navigation sits on top.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePermission("user:read");
  const links = [
    { href: "/admin/users", label: "Users" },
    ...(can(user, "health:read") ? [{ href: "/admin/health", label: "System health" }] : []),
    ...(can(user, "delivery:manage") ? [{ href: "/admin/deliveries", label: "Deliveries" }] : []),
  ];
  return (
    <div className="space-y-6">
      <NavLinks links={links} label="Administration" />
      {children}
    </div>
  );
}
