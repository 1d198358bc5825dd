import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth/current-user";

/** Only people who may create releases see the form; others get a real 404 (no loading boundary above). */
export default async function NewReleaseLayout({ children }: { children: ReactNode }) {
  await requirePermission("release:create");
  return children;
}
