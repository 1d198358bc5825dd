import Link from "next/link";
import type { ReactNode } from "react";
import { APP_ROLE_LABELS } from "@/lib/auth/permissions";
import type { AppRole } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

type Props = {
  user: { name: string; email: string; appRole: AppRole };
  links: { href: string; label: string }[];
  children: ReactNode;
};

export function AppShell({ user, links, children }: Props) {
  return (
    <div className="min-h-dvh">
      <header className="no-print sticky top-0 z-20 border-b border-border bg-card/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            Countersign
          </Link>
          <div className="order-3 -mx-4 w-[calc(100%+2rem)] overflow-x-auto px-4 lg:order-none lg:mx-0 lg:w-auto lg:px-0">
            <NavLinks links={links} />
          </div>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link
              href="/profile"
              title="Your profile and API tokens"
              className="rounded-md text-right hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <span className="block font-medium">{user.name}</span>
              <span className="hidden text-xs text-muted-foreground sm:block">{user.email}</span>
            </Link>
            <Badge variant="secondary">{APP_ROLE_LABELS[user.appRole]}</Badge>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
