import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireProject } from "@/lib/auth/current-user";
import { loadRelease } from "@/app/_lib/load-release";

/**
 * A release that does not exist, or belongs to another project than the
 * URL's, is a real 404: checked here, above the loading boundary, before
 * anything streams.
 */
export default async function ReleaseLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string; id: string }> }) {
  const { key, id } = await params;
  await requireProject(key, "release:read", { releaseId: id });
  if (!(await loadRelease(id))) notFound();
  return children;
}
