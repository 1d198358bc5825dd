import type { ReactNode } from "react";
import { requireProject } from "@/lib/auth/current-user";

/** A template of another project than the URL's is a real 404, as is one that does not exist. */
export default async function TemplateLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string; id: string }> }) {
  const { key, id } = await params;
  await requireProject(key, "template:read", { templateId: id });
  return children;
}
