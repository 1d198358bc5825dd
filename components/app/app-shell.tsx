import Link from "next/link";
import type { ReactNode } from "react";
import { APP_ROLE_LABELS } from "@/lib/auth/permissions";
import type { AppRole } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { MobileMenu } from "./mobile-menu";
import { type NavLink, NavLinks } from "./nav-links";
import { ProjectSwitcher } from "./project-switcher";
import type { SwitcherProject } from "./project-switcher-content";
import { SignOutButton } from "./sign-out-button";

type Props = {
  user: { name: string; email: string; appRole: AppRole };
  links: NavLink[];
  /** The projects the user may read, for the switcher (by name). */
  projects: SwitcherProject[];
  /** Where Releases and Templates lead outside a project: the user's first project (none: the links are left out). */
  fallbackKey: string | null;
  children: ReactNode;
};

export function AppShell({ user, links, projects, fallbackKey, children }: Props) {
  return (
    <div className="min-h-dvh">
      <header className="no-print sticky top-0 z-20 border-b border-border bg-card/95 backdrop-blur">
        {/* One row at every width: the links and the user block from lg up, the menu below it (never wraps; ADR 020). */}
        <div className="mx-auto flex max-w-6xl flex-nowrap items-center gap-4 px-4 py-3 xl:gap-6">
          <Link href="/" className="touch-target flex shrink-0 items-center gap-2 font-semibold">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            Countersign
          </Link>
          <div className="hidden min-w-0 items-center gap-2 lg:flex xl:gap-3">
            <ProjectSwitcher projects={projects} />
            <NavLinks links={links} fallbackKey={fallbackKey} />
          </div>
          <div className="ml-auto hidden shrink-0 items-center gap-3 text-sm lg:flex">
            <Link
              href="/profile"
              title={`${user.email}: your profile and API tokens`}
              className="touch-target inline-flex max-w-44 flex-col justify-center rounded-md text-right hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <span className="block truncate font-medium">{user.name}</span>
              <span className="sr-only">{user.email}</span>
            </Link>
            <Badge variant="secondary">{APP_ROLE_LABELS[user.appRole]}</Badge>
            <SignOutButton />
          </div>
          <div className="ml-auto lg:hidden">
            <MobileMenu user={{ name: user.name, email: user.email, roleLabel: APP_ROLE_LABELS[user.appRole] }} links={links} projects={projects} fallbackKey={fallbackKey} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
