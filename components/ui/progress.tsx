import type { ComponentProps } from "react";
import { cn } from "./cn";

export type ProgressProps = Omit<ComponentProps<"div">, "children"> & {
  value?: number | null;
  max?: number;
  /** Accessible name for the progress bar (sets `aria-label`). */
  label?: string;
  indicatorClassName?: string;
};

/**
 * A progress bar (role progressbar, its value and percentage for assistive
 * technology). Plain markup, no script of its own: release pages and tables
 * show many of them, and its look is one class (`ui-progress`, app/globals.css).
 */
export function Progress({ className, indicatorClassName, value, max = 100, label, ...props }: ProgressProps) {
  const clamped = value == null ? null : Math.min(Math.max(value, 0), max);
  const percent = clamped == null || max <= 0 ? 0 : (clamped / max) * 100;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={clamped ?? undefined}
      aria-valuetext={clamped == null ? undefined : `${Math.round(percent)}%`}
      data-slot="progress"
      className={cn("ui-progress", className)}
      {...props}
    >
      <div className={indicatorClassName} style={{ transform: `translateX(-${Number((100 - percent).toFixed(2))}%)` }} />
    </div>
  );
}
