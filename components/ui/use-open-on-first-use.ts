"use client";

import { useState } from "react";

/**
 * For a menu whose code loads on first use: a plain trigger until then
 * (`onFirstClick`), after which the real menu renders (`used`), already open.
 */
export function useOpenOnFirstUse() {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const onFirstClick = used
    ? undefined
    : () => {
        setUsed(true);
        setOpen(true);
      };
  return { used, open, setOpen, onFirstClick };
}
