"use client";

import type { ReactNode } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";

/** The full hash in a tooltip around the short one; loaded on first hover or focus (content-hash.tsx). */
export function ContentHashTooltip({ hash, label, children }: { hash: string; label: string; children: ReactNode }) {
  return (
    <Tooltip defaultOpen>
      <TooltipTrigger asChild>{children}</TooltipTrigger>
      <TooltipContent className="max-w-sm">
        <span className="block font-medium">{label} (sha256)</span>
        <span className="block break-all font-mono">{hash}</span>
      </TooltipContent>
    </Tooltip>
  );
}
