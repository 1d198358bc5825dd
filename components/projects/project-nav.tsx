"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { projectPath, projectSettingsPath, releasesPath, templatesPath } from "@/lib/projects/paths";
import { cn } from "@/components/ui/cn";

/**
 * The bar above every page of a project: which project this is, and its
 * pages (Settings only for its maintainers). Scrolls sideways on a phone
 * rather than wrapping.
 */
export function ProjectNav({ project, canManage }: { project: { key: string; name: string }; canManage: boolean }) {
  const pathname = usePathname();
  const tabs = [
    { href: projectPath(project.key), label: "Overview", exact: true },
    { href: releasesPath(project.key), label: "Releases" },
    { href: templatesPath(project.key), label: "Templates" },
    ...(canManage ? [{ href: projectSettingsPath(project.key), label: "Settings" }] : []),
  ];
  return (
    <div className="no-print -mt-2 mb-6 flex flex-col gap-2 border-b border-border sm:flex-row sm:items-end sm:gap-6">
      <p className="min-w-0 truncate pb-2 text-sm text-muted-foreground sm:pb-2.5">
        Project <span className="font-semibold text-foreground">{project.name}</span> <span className="font-mono text-xs">{project.key}</span>
      </p>
      <nav aria-label="Project" className="-mb-px flex gap-1 overflow-x-auto whitespace-nowrap">
        {tabs.map((tab) => {
          const active = tab.exact ? pathname === tab.href : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "touch-target inline-flex items-center border-b-2 border-transparent px-3 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                active && "border-primary text-foreground",
              )}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
