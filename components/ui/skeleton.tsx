import type { ComponentProps } from "react";
import { cn } from "./cn";

/** Decorative loading placeholder (hidden from assistive tech; announce loading state separately). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("rounded-md bg-muted motion-safe:animate-pulse", className)}
      {...props}
    />
  );
}
