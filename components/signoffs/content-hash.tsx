"use client";

import { toast } from "sonner";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/cn";

/** A sha256 shown short; the full value in a tooltip (hover or focus), copied on click. */
export function ContentHash({ hash, label = "Content hash", className }: { hash: string; label?: string; className?: string }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      toast.success(`Copied the ${label.toLowerCase()}.`);
    } catch {
      toast.error("Could not copy; select the hash in the tooltip instead.");
    }
  };
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          type="button"
          onClick={copy}
          aria-label={`${label} ${hash} (copy)`}
          className={cn(
            "cursor-pointer rounded-sm font-mono text-xs text-muted-foreground underline decoration-dotted underline-offset-4 hover:text-foreground",
            "focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring",
            className,
          )}
        >
          {hash.slice(0, 12)}…
        </button>
      </TooltipTrigger>
      <TooltipContent className="max-w-sm">
        <span className="block font-medium">{label} (sha256)</span>
        <span className="block break-all font-mono">{hash}</span>
      </TooltipContent>
    </Tooltip>
  );
}
