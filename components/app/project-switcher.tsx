"use client";

import { lazy, Suspense } from "react";
import { usePathname } from "next/navigation";
import { ChevronsUpDown, FolderGit2 } from "lucide-react";
import { projectKeyOfPath } from "@/lib/projects/paths";
import { Button } from "@/components/ui/button";
import { useOpenOnFirstUse } from "@/components/ui/use-open-on-first-use";
import type { SwitcherProject } from "./project-switcher-content";

/** The menu's code loads on first use, like the phone menu's (mobile-menu.tsx). */
const ProjectSwitcherContent = lazy(() => import("./project-switcher-content").then((module) => ({ default: module.ProjectSwitcherContent })));

/**
 * The header's project switcher (xl and up; below it the projects are in
 * the menu): the project being viewed, or "Projects" outside one. Opens a
 * list of the projects the user may read and "All projects".
 */
export function ProjectSwitcher({ projects }: { projects: SwitcherProject[] }) {
  const pathname = usePathname();
  const currentKey = projectKeyOfPath(pathname);
  const current = projects.find((project) => project.key === currentKey) ?? null;
  const { used, open, setOpen, onFirstClick } = useOpenOnFirstUse();
  const button = (
    <Button variant="outline" size="sm" className="touch-target max-w-44 justify-start" aria-haspopup="menu" onClick={onFirstClick} title={current ? `Project: ${current.name}` : "Switch project"}>
      <FolderGit2 aria-hidden="true" />
      <span className="truncate">
        {current ? (
          <>
            <span className="sr-only">Project: </span>
            {current.name}
          </>
        ) : (
          "Projects"
        )}
      </span>
      <ChevronsUpDown aria-hidden="true" className="ml-auto text-muted-foreground" />
    </Button>
  );
  if (!used) return button;
  return (
    <Suspense fallback={button}>
      <ProjectSwitcherContent projects={projects} currentKey={current?.key ?? null} open={open} onOpenChange={setOpen} button={button} />
    </Suspense>
  );
}
