import type { ReactNode } from "react";
import { requireProject } from "@/lib/auth/current-user";

/** Checked above any loading boundary, so a contributor's refusal is a real 404 before anything streams. */
export default async function ImportTemplateLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string }> }) {
  await requireProject((await params).key, "template:manage");
  return children;
}
