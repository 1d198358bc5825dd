import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/current-user";
import { loadRelease } from "@/app/_lib/load-release";

/**
 * A release that does not exist is a real 404: checked here, above the
 * loading boundary, before anything streams.
 */
export default async function ReleaseLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  await requirePermission("release:read");
  if (!(await loadRelease((await params).id))) notFound();
  return children;
}
