"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { projectSettingsPath } from "@/lib/projects/paths";
import { cn } from "@/components/ui/cn";

/** The settings' sections, as links (each is its own page, so it can be linked to and works without JavaScript). */
export function SettingsTabs({ projectKey }: { projectKey: string }) {
  const pathname = usePathname();
  const tabs = [
    { href: projectSettingsPath(projectKey), label: "General" },
    { href: projectSettingsPath(projectKey, "members"), label: "Members" },
    { href: projectSettingsPath(projectKey, "signoff-roles"), label: "Sign-off roles" },
    { href: projectSettingsPath(projectKey, "environments"), label: "Environments" },
    { href: projectSettingsPath(projectKey, "tokens"), label: "Tokens" },
    { href: projectSettingsPath(projectKey, "webhooks"), label: "Webhooks" },
  ];
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto whitespace-nowrap rounded-lg bg-muted p-1">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "touch-target inline-flex items-center rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active && "bg-card text-foreground shadow-xs",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
