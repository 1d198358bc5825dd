import { releasesPath } from "@/lib/projects/paths";
import { queryOf, redirectToFirstProject } from "@/app/_lib/old-paths";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The release list from before projects: the first project's list (its filters kept), or the projects page. */
export default async function OldReleasesPage({ searchParams }: { searchParams: SearchParams }) {
  return redirectToFirstProject("release:read", releasesPath, queryOf(await searchParams));
}
