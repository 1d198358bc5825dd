"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { projectKeyOfPath } from "@/lib/projects/paths";
import { cn } from "@/components/ui/cn";

/**
 * A header link: a fixed page, or a page of a project (`projectPage`), which
 * leads to that page of the project being viewed, else of the user's first
 * project (`fallbackKey`).
 */
export type NavLink = { href: string; label: string; projectPage?: "releases" | "templates" };

/** The link of the current page's area ("/" only on the overview itself). */
export const isActive = (href: string, pathname: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

/** The links with project pages resolved against the current path. */
export function useResolvedLinks(links: NavLink[], fallbackKey: string | null): { href: string; label: string }[] {
  const pathname = usePathname();
  const key = projectKeyOfPath(pathname) ?? fallbackKey;
  return links.map((link) => ({ label: link.label, href: link.projectPage && key ? `/p/${key}/${link.projectPage}` : link.href }));
}

export function NavLinks({ links, fallbackKey = null, label = "Main" }: { links: NavLink[]; fallbackKey?: string | null; label?: string }) {
  const pathname = usePathname();
  const resolved = useResolvedLinks(links, fallbackKey);
  return (
    <nav aria-label={label} className="flex items-center gap-1 whitespace-nowrap">
      {resolved.map((link) => {
        const active = isActive(link.href, pathname);
        return (
          <Link
            key={link.label}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "touch-target inline-flex items-center rounded-md px-2.5 py-1.5 text-sm font-medium xl:px-3 text-muted-foreground transition-colors hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active && "bg-accent text-accent-foreground",
            )}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
