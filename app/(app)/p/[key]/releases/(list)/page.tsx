import type { Metadata } from "next";
import Link from "next/link";
import { Plus, Rocket, SearchX } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEnvironments, listReleases, listReleasesSchema } from "@/lib/releases/list-releases";
import { RELEASE_STATUSES } from "@/lib/releases/release-status";
import { newReleasePath, releasesPath } from "@/lib/projects/paths";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, PastLastPage } from "@/components/app/pagination";
import { ReleaseFilters } from "@/components/releases/release-filters";
import { ReleasesTable } from "@/components/releases/releases-table";

export const metadata: Metadata = { title: "Releases" };

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTER_KEYS = ["environment", "status", "version", "from", "to", "page"] as const;
const PAGE_SIZE = 25;

export default async function ReleasesPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { user, project } = await requireProject((await params).key);
  const listHref = releasesPath(project.key);
  const query = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = listReleasesSchema.safeParse({ ...raw, project: project.key, pageSize: PAGE_SIZE });
  const [environments, result] = await Promise.all([listEnvironments(project.id), parsed.success ? listReleases(parsed.data, user) : undefined]);
  const create = can(user, "release:create", project);
  const filtered = ["environment", "status", "version", "from", "to"].some((key) => raw[key]);
  const newButton = create ? (
    <Button asChild>
      <Link href={newReleasePath(project.key)}>
        <Plus aria-hidden="true" />
        New release
      </Link>
    </Button>
  ) : null;

  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const pageHref = (page: number) => {
    const params = new URLSearchParams({ ...raw, page: String(page) });
    if (page === 1) params.delete("page");
    const search = params.toString();
    return search ? `${listHref}?${search}` : listHref;
  };

  return (
    <div className="space-y-8">
      <PageHeader
        title="Releases"
        description="Open releases first, newest first. Progress counts items done or not applicable. Times are UTC."
        actions={result && result.total === 0 && !filtered ? null : newButton}
      />
      <ReleaseFilters action={listHref} values={raw} environments={environments} statuses={RELEASE_STATUSES} />
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
                <Link href={listHref}>Clear filters</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={Rocket}
            title="No releases yet"
            description={
              create
                ? "Create a release from a template to start working through its checklist."
                : "Releases appear here once someone creates one from a template."
            }
            action={newButton}
          />
        )
      ) : result && result.releases.length === 0 ? (
        <PastLastPage total={result.total} pages={pages} noun={["release", "releases"]} pageHref={pageHref} />
      ) : result ? (
        <div className="space-y-4">
          <div className="rounded-lg border border-border bg-card">
            <ReleasesTable releases={result.releases} />
          </div>
          <Pagination total={result.total} page={result.page} pages={pages} noun={["release", "releases"]} pageHref={pageHref} />
        </div>
      ) : null}
    </div>
  );
}
