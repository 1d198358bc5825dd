"use client";

import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog (save as PDF from there); hidden on paper. */
export function PrintButton() {
  return (
    <Button type="button" size="sm" className="no-print" onClick={() => window.print()}>
      <Printer aria-hidden="true" />
      Print
    </Button>
  );
}
