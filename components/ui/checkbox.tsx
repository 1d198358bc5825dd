"use client";

import type { ComponentProps } from "react";
import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { Check, Minus } from "lucide-react";
import { cn } from "./cn";

/**
 * Radix checkbox. Give it a `name` to submit with native forms; supports
 * `checked="indeterminate"`. Its look is one class, `ui-checkbox` (app/globals.css),
 * because pages repeat it a hundred times; `peer` stays literal for `peer-*` variants.
 */
export function Checkbox({ className, ...props }: ComponentProps<typeof CheckboxPrimitive.Root>) {
  const indeterminate = props.checked === "indeterminate" || (props.checked === undefined && props.defaultChecked === "indeterminate");
  return (
    <CheckboxPrimitive.Root data-slot="checkbox" className={cn("peer ui-checkbox", className)} {...props}>
      <CheckboxPrimitive.Indicator data-slot="checkbox-indicator" className="flex items-center justify-center text-current">
        {indeterminate ? <Minus className="size-3.5" aria-hidden="true" /> : <Check className="size-3.5" aria-hidden="true" />}
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
}
