import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/** Checked above any loading boundary, so a member's refusal is a real 404 before anything streams. */
export default async function ImportTemplateLayout({ children }: { children: ReactNode }) {
  await requirePermission("template:manage");
  return children;
}
