import type { ComponentProps } from "react";
import { LoaderCircle } from "lucide-react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

const spinnerVariants = cva("animate-spin motion-reduce:animate-[spin_1.5s_linear_infinite]", {
  variants: { size: { sm: "size-4", default: "size-5", lg: "size-8" } },
  defaultVariants: { size: "default" },
});

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> &
  VariantProps<typeof spinnerVariants> & {
    /** Announced text (default "Loading"). Pass `null` when the spinner is purely decorative. */
    label?: string | null;
  };

export function Spinner({ className, size, label = "Loading", ...props }: SpinnerProps) {
  const decorative = label === null;
  return (
    <span
      data-slot="spinner"
      role={decorative ? undefined : "status"}
      aria-hidden={decorative ? true : undefined}
      className={cn("inline-flex items-center justify-center text-current", className)}
      {...props}
    >
      <LoaderCircle className={spinnerVariants({ size })} aria-hidden="true" />
      {decorative ? null : <span className="sr-only">{label}</span>}
    </span>
  );
}
