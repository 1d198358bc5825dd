import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppShell } from "@/components/app/app-shell";
import type { NavLink } from "@/components/app/nav-links";
import { ChangePasswordCard } from "@/components/profile/change-password-card";
import { firstProject, readableProjects } from "@/app/_lib/header-projects";
import { InboxBell } from "@/components/notifications/inbox-bell";
import { unreadCount } from "@/lib/notifications/inbox";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // The bell's count is in the first paint; its stream keeps it current from there.
  const [projects, unread] = await Promise.all([readableProjects(user), unreadCount(user.id)]);
  const fallback = firstProject(user, projects);
  // Releases and Templates lead to the project being viewed (or the first one); without any project they are left out.
  const links: NavLink[] = [
    { href: "/", label: "Overview" },
    ...(fallback ? [{ href: "/releases", label: "Releases", projectPage: "releases" as const }] : []),
    ...(fallback && can(user, "template:read") ? [{ href: "/templates", label: "Templates", projectPage: "templates" as const }] : []),
    ...(can(user, "audit:read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(user, "audit:read") ? [{ href: "/archive", label: "Archive" }] : []),
    ...(can(user, "user:read") ? [{ href: "/admin/users", label: "Users" }] : []),
  ];
  return (
    <AppShell
      user={{ name: user.name, email: user.email, appRole: user.appRole }}
      links={links}
      projects={projects.map((project) => ({ key: project.key, name: project.name }))}
      fallbackKey={fallback?.key ?? null}
      actions={<InboxBell initialUnread={unread} />}
    >
      {/* After an admin's reset, nothing but choosing a new password (actions and the API refuse the rest too). */}
      {user.mustChangePassword ? <ChangePasswordCard required /> : children}
    </AppShell>
  );
}
