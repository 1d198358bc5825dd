"use client";

import { lazy, Suspense } from "react";
import { ChevronDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useOpenOnFirstUse } from "@/components/ui/use-open-on-first-use";
import type { MenuUser } from "./user-menu-content";

/** The menu's code loads on first use, like the header's other menus. */
const UserMenuContent = lazy(() => import("./user-menu-content").then((module) => ({ default: module.UserMenuContent })));

/**
 * The header's account menu (xl and up; on smaller screens the phone menu
 * holds the same): the user's name, opening their email and organisation
 * role, the profile and Sign out. One compact button where the name, the
 * role badge and Sign out used to take a third of the row.
 */
export function UserMenu({ user }: { user: MenuUser }) {
  const { used, open, setOpen, onFirstClick } = useOpenOnFirstUse();
  const button = (
    <Button variant="ghost" size="sm" className="touch-target max-w-40 text-sm" aria-haspopup="menu" onClick={onFirstClick} title={`${user.email} · ${user.roleLabel}`}>
      <span className="sr-only">Account: </span>
      <span className="truncate">{user.name}</span>
      <ChevronDown aria-hidden="true" className="text-muted-foreground" />
    </Button>
  );
  if (!used) return button;
  return (
    <Suspense fallback={button}>
      <UserMenuContent user={user} open={open} onOpenChange={setOpen} button={button} />
    </Suspense>
  );
}
