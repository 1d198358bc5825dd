import "server-only";
import { getRelease, type ReleaseItemView } from "./get-release";
import type { Viewer } from "./visibility";

export type FlatReleaseItem = {
  key: string;
  title: string;
  section: string;
  subsection: string;
  required: boolean;
  phase: string | null;
  command: string | null;
  state: ReleaseItemView["state"];
};

/**
 * A release's items as one flat list in reading order, each with the titles
 * of its section and subsection; optionally only those whose title is exactly
 * `title` (as shown on the release, X.Y.Z filled in). For automation that
 * knows an item by its title ("Docker image builds successfully").
 * Throws NOT_FOUND for an unknown release (or one of another project than `within`'s).
 */
export async function listReleaseItems(releaseId: string, viewer: Viewer, filter: { title?: string } = {}, within?: { projectKey: string }): Promise<FlatReleaseItem[]> {
  const release = await getRelease(releaseId, viewer, within);
  const items = release.sections.flatMap((section) =>
    section.subsections.flatMap((subsection) =>
      subsection.items.map((item) => ({
        key: item.key,
        title: item.title,
        section: section.title,
        subsection: subsection.title,
        required: item.required,
        phase: item.phase ?? null,
        command: item.command ?? null,
        state: item.state,
      })),
    ),
  );
  const title = filter.title?.trim();
  return title === undefined ? items : items.filter((item) => item.title === title);
}
