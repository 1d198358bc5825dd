"use client";

import { lazy, Suspense } from "react";
import { Menu } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useOpenOnFirstUse } from "@/components/ui/use-open-on-first-use";
import type { MobileMenuProps } from "./mobile-menu-content";

/** The menu's code (Radix menu and its positioning) loads on first use, not with every page. */
const MobileMenuContent = lazy(() => import("./mobile-menu-content").then((module) => ({ default: module.MobileMenuContent })));

/**
 * Below the xl breakpoint the header is one row: the logo and this menu. A
 * plain button until first used; the real menu takes over (already open) on
 * the first click, Enter or Space.
 */
export function MobileMenu(props: MobileMenuProps) {
  const { used, open, setOpen, onFirstClick } = useOpenOnFirstUse();
  const button = (
    <Button
      variant="outline"
      size="sm"
      className="touch-target"
      aria-haspopup="menu"
      onClick={onFirstClick}
    >
      <Menu aria-hidden="true" />
      Menu
    </Button>
  );
  if (!used) return button;
  return (
    <Suspense fallback={button}>
      <MobileMenuContent {...props} open={open} onOpenChange={setOpen} button={button} />
    </Suspense>
  );
}
