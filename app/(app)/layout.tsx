import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppShell } from "@/components/app/app-shell";
import { ChangePasswordCard } from "@/components/profile/change-password-card";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const links = [
    { href: "/", label: "Overview" },
    ...(can(user, "release:read") ? [{ href: "/releases", label: "Releases" }] : []),
    ...(can(user, "template:read") ? [{ href: "/templates", label: "Templates" }] : []),
    ...(can(user, "audit:read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(user, "audit:read") ? [{ href: "/archive", label: "Archive" }] : []),
    ...(can(user, "user:read") ? [{ href: "/admin/users", label: "Users" }] : []),
    ...(can(user, "user:read") ? [{ href: "/admin/environments", label: "Environments" }] : []),
  ];
  return (
    <AppShell user={{ name: user.name, email: user.email, appRole: user.appRole }} links={links}>
      {/* After an admin's reset, nothing but choosing a new password (actions and the API refuse the rest too). */}
      {user.mustChangePassword ? <ChangePasswordCard required /> : children}
    </AppShell>
  );
}
