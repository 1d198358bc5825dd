"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Check, LayoutGrid } from "lucide-react";
import { PROJECTS_PATH, projectPath } from "@/lib/projects/paths";
import { cn } from "@/components/ui/cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export type SwitcherProject = { key: string; name: string };

/** The header shows at most this many projects; "All projects" lists every one. */
export const SWITCHER_LIMIT = 8;

/** The projects as menu items, the current one marked; then "All projects". Shared by the switcher and the phone menu. */
export function ProjectMenuItems({ projects, currentKey }: { projects: SwitcherProject[]; currentKey: string | null }) {
  const shown = projects.slice(0, SWITCHER_LIMIT);
  // The project being viewed is always listed, even past the limit.
  const current = projects.find((project) => project.key === currentKey);
  if (current && !shown.includes(current)) shown.push(current);
  return (
    <>
      {shown.map((project) => {
        const active = project.key === currentKey;
        return (
          <DropdownMenuItem key={project.key} asChild className={cn("touch-target", active && "bg-accent text-accent-foreground")}>
            <Link href={projectPath(project.key)} aria-current={active ? "page" : undefined}>
              <Check aria-hidden="true" className={cn(!active && "invisible")} />
              <span className="min-w-0 flex-1 truncate">{project.name}</span>
              <span className="font-mono text-xs text-muted-foreground">{project.key}</span>
            </Link>
          </DropdownMenuItem>
        );
      })}
      {shown.length === 0 ? <p className="px-2 py-1.5 text-sm text-muted-foreground">You are not in any project yet.</p> : null}
      <DropdownMenuSeparator />
      <DropdownMenuItem asChild className="touch-target">
        <Link href={PROJECTS_PATH}>
          <LayoutGrid aria-hidden="true" />
          All projects
        </Link>
      </DropdownMenuItem>
    </>
  );
}

/** The switcher's open menu (loaded on first use, project-switcher.tsx). */
export function ProjectSwitcherContent({
  projects,
  currentKey,
  open,
  onOpenChange,
  button,
}: {
  projects: SwitcherProject[];
  currentKey: string | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  button: ReactNode;
}) {
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange} modal={false}>
      <DropdownMenuTrigger asChild>{button}</DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">Projects</DropdownMenuLabel>
        <ProjectMenuItems projects={projects} currentKey={currentKey} />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
