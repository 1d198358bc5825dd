import { notFound } from "next/navigation";
import { isId } from "@/lib/http/parse-id";
import { newReleasePath, releasePath } from "@/lib/projects/paths";
import { queryOf, redirectToFirstProject, redirectToObject } from "@/app/_lib/old-paths";

type Params = Promise<{ path: string[] }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Bookmarks from before projects: /releases/new goes to the first project
 * the user may create releases in; /releases/<id>[/certificate…] to the
 * release's page in its project, when the user may read it. Else 404.
 */
export default async function OldReleasePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const [first, ...rest] = (await params).path;
  const query = queryOf(await searchParams);
  if (first === "new" && rest.length === 0) return redirectToFirstProject("release:create", (key) => newReleasePath(key), query, true);
  if (!first || !isId(first)) notFound();
  const id = first.toLowerCase();
  return redirectToObject({ releaseId: id }, (key) => [releasePath(key, id), ...rest.map(encodeURIComponent)].join("/"), query);
}
