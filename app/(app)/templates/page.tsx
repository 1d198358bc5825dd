import { templatesPath } from "@/lib/projects/paths";
import { redirectToFirstProject } from "@/app/_lib/old-paths";

/** The templates list from before projects: the first project's, or the projects page. */
export default async function OldTemplatesPage() {
  return redirectToFirstProject("template:read", templatesPath);
}
