import Link from "next/link";
import type { ReactNode } from "react";
import { APP_ROLE_LABELS } from "@/lib/auth/permissions";
import type { AppRole } from "@/lib/auth/permissions";
import { MobileMenu } from "./mobile-menu";
import { type NavLink, NavLinks } from "./nav-links";
import { ProjectSwitcher } from "./project-switcher";
import type { SwitcherProject } from "./project-switcher-content";
import { UserMenu } from "./user-menu";

type Props = {
  user: { name: string; email: string; appRole: AppRole };
  links: NavLink[];
  /** The projects the user may read, for the switcher (by name). */
  projects: SwitcherProject[];
  /** Where Releases and Templates lead outside a project: the user's first project (none: the links are left out). */
  fallbackKey: string | null;
  /**
   * The header's slot for one icon button (a notification bell): at the
   * right of the row at every width, before the account menu (or the phone
   * menu). The widths below keep room for it (e2e/header.spec.ts).
   */
  actions?: ReactNode;
  children: ReactNode;
};

/**
 * The sticky header, one row at every width (ADR 020): from xl (1280 px) the
 * project switcher, the links and the account menu; below it the logo and one
 * menu holding all of them. The switcher and the account button are capped
 * in width, so no project or user name can push the row onto a second line.
 */
export function AppShell({ user, links, projects, fallbackKey, actions, children }: Props) {
  const menuUser = { name: user.name, email: user.email, roleLabel: APP_ROLE_LABELS[user.appRole] };
  return (
    <div className="min-h-dvh">
      <header className="no-print sticky top-0 z-20 border-b border-border bg-card/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-nowrap items-center gap-4 px-4 py-3 xl:gap-5">
          <Link href="/" className="touch-target flex shrink-0 items-center gap-2 font-semibold">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            Countersign
          </Link>
          <div className="hidden min-w-0 items-center gap-3 xl:flex">
            <ProjectSwitcher projects={projects} />
            <NavLinks links={links} fallbackKey={fallbackKey} />
          </div>
          <div className="ml-auto flex shrink-0 items-center gap-2">
            {actions}
            <div className="hidden xl:block">
              <UserMenu user={menuUser} />
            </div>
            <div className="xl:hidden">
              <MobileMenu user={menuUser} links={links} projects={projects} fallbackKey={fallbackKey} />
            </div>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
