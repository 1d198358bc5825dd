import type { Metadata } from "next";
import Link from "next/link";
import { Archive, SearchX } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { readableProjectIds } from "@/lib/auth/permissions";
import { listEnvironments, listReleases, listReleasesSchema } from "@/lib/releases/list-releases";
import { RELEASE_STATUSES } from "@/lib/releases/release-status";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, PastLastPage } from "@/components/app/pagination";
import { readableProjects } from "@/app/_lib/header-projects";
import { ARCHIVE_FILTER_KEYS, ArchiveFilters } from "@/components/archive/archive-filters";
import { ArchiveTable } from "@/components/archive/archive-table";

export const metadata: Metadata = { title: "Archive" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PAGE_SIZE = 25;

export default async function ArchivePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("audit:read");
  const query = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of [...ARCHIVE_FILTER_KEYS, "page"]) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = listReleasesSchema.safeParse({ ...raw, pageSize: PAGE_SIZE });
  const [projects, roles, result] = await Promise.all([readableProjects(user), listSignoffRoles(), parsed.success ? listReleases(parsed.data, user) : undefined]);
  // The environment filter matches by key: each key of the projects the reader may read, once (the chosen project's only, when one is).
  const chosen = projects.find((project) => project.key === raw.project);
  const readable = readableProjectIds(user);
  const lists = chosen ? [await listEnvironments(chosen.id)] : readable === "all" ? [await listEnvironments()] : await Promise.all(projects.map((project) => listEnvironments(project.id)));
  const environments = [...new Map(lists.flat().map((environment) => [environment.key, environment] as const)).values()];
  const filtered = ARCHIVE_FILTER_KEYS.some((key) => raw[key]);
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const pageHref = (page: number) => {
    const params = new URLSearchParams({ ...raw, page: String(page) });
    if (page === 1) params.delete("page");
    const search = params.toString();
    return search ? `/archive?${search}` : "/archive";
  };

  return (
    <div className="space-y-8">
      <PageHeader
        title="Archive"
        description="Every release of every project you may read, past and present, read-only. Open one to see who did what when, replay its checklist as of any moment, verify its trail and export the evidence. Times are UTC."
      />
      <ArchiveFilters values={raw} projects={projects.map((project) => ({ key: project.key, name: project.name }))} environments={environments} statuses={RELEASE_STATUSES} roles={roles} />
      {!parsed.success ? (
        <Alert variant="destructive">
          <AlertDescription>
            The filters are not valid: {parsed.error.issues.map((issue) => issue.message).join(" ")}
          </AlertDescription>
        </Alert>
      ) : result && result.total === 0 ? (
        filtered ? (
          <EmptyState
            icon={SearchX}
            title="No releases match"
            description="Change or clear the filters to see more."
            action={
              <Button asChild variant="outline">
                <Link href="/archive">Clear filters</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState icon={Archive} title="No releases yet" description="Releases appear here as soon as someone creates one from a template." />
        )
      ) : result && result.releases.length === 0 ? (
        <PastLastPage total={result.total} pages={pages} noun={["release", "releases"]} pageHref={pageHref} />
      ) : result ? (
        <div className="space-y-4">
          <div className="rounded-lg border border-border bg-card">
            <ArchiveTable releases={result.releases} />
          </div>
          <Pagination total={result.total} page={result.page} pages={pages} noun={["release", "releases"]} pageHref={pageHref} />
        </div>
      ) : null}
    </div>
  );
}
