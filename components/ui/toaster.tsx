"use client";

import { Toaster as SonnerToaster, type ToasterProps } from "sonner";

/** App-wide toast outlet. Trigger toasts with `toast()` from "sonner". */
export function Toaster(props: ToasterProps) {
  return (
    <SonnerToaster
      richColors
      closeButton
      position="bottom-right"
      className="no-print"
      toastOptions={{ classNames: { toast: "font-sans" } }}
      {...props}
    />
  );
}
