import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireProject } from "@/lib/auth/current-user";
import { loadRelease } from "@/app/_lib/load-release";

/**
 * A release that does not exist, or belongs to another project than the
 * URL's, is a real 404: checked here, before anything streams. The release
 * page has no loading boundary of its own (docs/decisions/028): its data is
 * this one read plus a few small ones, and a streamed skeleton would hold the
 * page back (React reveals streamed content at least 300 ms after the
 * skeleton's first paint).
 */
export default async function ReleaseLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string; id: string }> }) {
  const { key, id } = await params;
  await requireProject(key, "release:read", { releaseId: id });
  if (!(await loadRelease(id))) notFound();
  return children;
}
