import type { ReactNode } from "react";
import { requireProject } from "@/lib/auth/current-user";

/** Only people who may create releases in this project see the form; others get a real 404 (no loading boundary above). */
export default async function NewReleaseLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string }> }) {
  await requireProject((await params).key, "release:create");
  return children;
}
