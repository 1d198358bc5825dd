"use client";

import { lazy, Suspense, useState } from "react";
import { toast } from "sonner";
import { cn } from "@/components/ui/cn";

/** The tooltip's code (Radix tooltip and its positioning) loads on first hover or focus, not with the page. */
const ContentHashTooltip = lazy(() => import("./content-hash-tooltip").then((module) => ({ default: module.ContentHashTooltip })));

/** A sha256 shown short; the full value in a tooltip (hover or focus), copied on click. */
export function ContentHash({ hash, label = "Content hash", className }: { hash: string; label?: string; className?: string }) {
  const [used, setUsed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      toast.success(`Copied the ${label.toLowerCase()}.`);
    } catch {
      toast.error("Could not copy; select the hash in the tooltip instead.");
    }
  };
  const button = (
    <button
      type="button"
      onClick={copy}
      onPointerEnter={() => setUsed(true)}
      onFocus={() => setUsed(true)}
      aria-label={`${label} ${hash} (copy)`}
      className={cn(
        "cursor-pointer rounded-sm font-mono text-xs text-muted-foreground underline decoration-dotted underline-offset-4 hover:text-foreground",
        "focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring",
        className,
      )}
    >
      {hash.slice(0, 12)}…
    </button>
  );
  if (!used) return button;
  return (
    <Suspense fallback={button}>
      <ContentHashTooltip hash={hash} label={label}>
        {button}
      </ContentHashTooltip>
    </Suspense>
  );
}
