"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The link of the current page's area ("/" only on the overview itself). */
export const isActive = (href: string, pathname: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));

export function NavLinks({ links, label = "Main" }: { links: { href: string; label: string }[]; label?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="flex items-center gap-1 whitespace-nowrap">
      {links.map((link) => {
        const active = isActive(link.href, pathname);
        return (
          <Link
            key={link.href}
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
