import { notFound } from "next/navigation";
import { isId } from "@/lib/http/parse-id";
import { templatePath, templatesPath } from "@/lib/projects/paths";
import { queryOf, redirectToFirstProject, redirectToObject } from "@/app/_lib/old-paths";

type Params = Promise<{ path: string[] }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Bookmarks from before projects: /templates/import goes to the first
 * project the user may import into; /templates/<id>[/edit] to the template's
 * page in its project, when the user may read it. Else 404.
 */
export default async function OldTemplatePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const [first, ...rest] = (await params).path;
  const query = queryOf(await searchParams);
  if (first === "import" && rest.length === 0) return redirectToFirstProject("template:manage", (key) => `${templatesPath(key)}/import`, "", true);
  if (!first || !isId(first)) notFound();
  const id = first.toLowerCase();
  return redirectToObject({ templateId: id }, (key) => [templatePath(key, id), ...rest.map(encodeURIComponent)].join("/"), query);
}
