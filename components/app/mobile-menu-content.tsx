"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { projectKeyOfPath } from "@/lib/projects/paths";
import { cn } from "@/components/ui/cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { AccountLabel, AccountMenuItems, type MenuUser } from "./user-menu-content";
import { isActive, type NavLink, useResolvedLinks } from "./nav-links";
import { ProjectMenuItems, type SwitcherProject } from "./project-switcher-content";

export type MobileMenuProps = {
  user: MenuUser;
  links: NavLink[];
  projects: SwitcherProject[];
  fallbackKey: string | null;
};

/** The header's menu below the xl breakpoint: navigation, projects, profile, sign out. Loaded on first use (mobile-menu.tsx). */
export function MobileMenuContent({
  user,
  links,
  projects,
  fallbackKey,
  open,
  onOpenChange,
  button,
}: MobileMenuProps & { open: boolean; onOpenChange: (open: boolean) => void; button: ReactNode }) {
  const pathname = usePathname();
  const resolved = useResolvedLinks(links, fallbackKey);
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange} modal={false}>
      <DropdownMenuTrigger asChild>{button}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <AccountLabel user={user} />
        <DropdownMenuSeparator />
        {resolved.map((link) => {
          const active = isActive(link.href, pathname);
          return (
            <DropdownMenuItem key={link.label} asChild className={cn("touch-target", active && "bg-accent text-accent-foreground")}>
              <Link href={link.href} aria-current={active ? "page" : undefined}>
                {link.label}
              </Link>
            </DropdownMenuItem>
          );
        })}
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">Projects</DropdownMenuLabel>
        <ProjectMenuItems projects={projects} currentKey={projectKeyOfPath(pathname)} />
        <DropdownMenuSeparator />
        <AccountMenuItems />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
