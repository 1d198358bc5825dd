"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { LogOut, UserRound } from "lucide-react";
import { signOutAction } from "@/app/sign-in/actions";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export type MenuUser = { name: string; email: string; roleLabel: string };

/** Who is signed in (name, email, organisation role) as the menu's label. Shared by the account menu and the phone menu. */
export function AccountLabel({ user }: { user: MenuUser }) {
  return (
    <DropdownMenuLabel className="font-normal">
      <span className="block truncate font-medium">{user.name}</span>
      <span className="block truncate text-xs text-muted-foreground">
        {user.email} · {user.roleLabel}
      </span>
    </DropdownMenuLabel>
  );
}

/** The profile (API tokens, passkeys, password) and Sign out, as menu items. */
export function AccountMenuItems() {
  return (
    <>
      <DropdownMenuItem asChild className="touch-target">
        <Link href="/profile">
          <UserRound aria-hidden="true" />
          Profile and API tokens
        </Link>
      </DropdownMenuItem>
      <form action={signOutAction}>
        {/* Selecting would close the menu, and unmount this form, before the browser submits it: the menu stays open until the page goes. */}
        <DropdownMenuItem asChild className="touch-target w-full" onSelect={(event) => event.preventDefault()}>
          <button type="submit">
            <LogOut aria-hidden="true" />
            Sign out
          </button>
        </DropdownMenuItem>
      </form>
    </>
  );
}

/** The account menu's open state (loaded on first use, user-menu.tsx). */
export function UserMenuContent({ user, open, onOpenChange, button }: { user: MenuUser; open: boolean; onOpenChange: (open: boolean) => void; button: ReactNode }) {
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange} modal={false}>
      <DropdownMenuTrigger asChild>{button}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <AccountLabel user={user} />
        <DropdownMenuSeparator />
        <AccountMenuItems />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
