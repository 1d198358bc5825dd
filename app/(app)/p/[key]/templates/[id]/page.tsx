import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Download, History, Pencil } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { toWholeNumber } from "@/lib/http/parse-id";
import { templatePath } from "@/lib/projects/paths";
import { diffDocuments } from "@/lib/templates/diff-versions";
import { getTemplateVersion, type TemplateVersionView } from "@/lib/templates/get-template";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CompareVersionsForm, VersionDiff } from "@/components/templates/compare-versions";
import { formatUtcMinutes } from "@/components/templates/format";
import { ImportNotices } from "@/components/templates/import-notices";
import { TemplateCountBadges } from "@/components/templates/template-counts";
import { TemplateTree } from "@/components/templates/template-tree";
import { VersionsList } from "@/components/templates/versions-list";

type Params = Promise<{ key: string; id: string }>;

/** Tighter card padding on phones, the design system's default from `sm` up. */
const pad = { header: "p-4 sm:p-6", content: "px-4 pb-4 sm:px-6 sm:pb-6" };
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

/** undefined: absent; null: not a version number at all. */
function versionParam(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return toWholeNumber(value, { min: 1 });
}

/** One load per request, shared by the metadata and the page; a missing template or version is "not found". */
const loadVersion = cache(async (id: string, version: number | undefined): Promise<TemplateVersionView | null> => {
  try {
    return await getTemplateVersion(id, version);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { key, id } = await params;
  await requireProject(key, "template:read", { templateId: id });
  const version = versionParam(first((await searchParams).version));
  if (version === null) return { title: "Not found" };
  const view = await loadVersion(id, version);
  return { title: view ? `${view.name} (version ${view.version})` : "Not found" };
}

export default async function TemplatePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { key, id } = await params;
  const { user, project } = await requireProject(key, "template:read", { templateId: id });
  const query = await searchParams;
  const requested = versionParam(first(query.version));
  if (requested === null) notFound();
  const view = await loadVersion(id, requested);
  if (!view) notFound();

  const manage = can(user, "template:manage", project);
  const older = view.version !== view.latestVersion;
  const versionNumbers = view.versions.map((entry) => entry.version);

  // Compare: ?from=&to= (both required); defaults for the form are the shown version and the one before it.
  const fromParam = versionParam(first(query.from));
  const toParam = versionParam(first(query.to));
  const compareRequested = fromParam !== undefined || toParam !== undefined;
  const compareValid =
    compareRequested && typeof fromParam === "number" && typeof toParam === "number" && versionNumbers.includes(fromParam) && versionNumbers.includes(toParam);
  const defaultFrom = view.version > 1 ? view.version - 1 : 1;
  const defaultTo = view.version > 1 ? view.version : Math.min(2, view.latestVersion);
  let comparison: { from: number; to: number; diff: ReturnType<typeof diffDocuments> } | null = null;
  if (compareValid) {
    const [before, after] = await Promise.all([loadVersion(id, fromParam), loadVersion(id, toParam)]);
    if (before && after) comparison = { from: fromParam, to: toParam, diff: diffDocuments(before.document, after.document) };
  }

  const exportHref = `${templatePath(project.key, view.templateId)}/export?version=${view.version}`;

  return (
    <div className="space-y-8">
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">{view.name}</span>}
        description={`Version ${view.version} of ${view.latestVersion}`}
        actions={
          <>
            <Button asChild variant="outline">
              <a href={exportHref} download>
                <Download aria-hidden="true" />
                Download Markdown
              </a>
            </Button>
            {manage ? (
              <Button asChild>
                <Link href={`${templatePath(project.key, view.templateId)}/edit`} prefetch={false}>
                  <Pencil aria-hidden="true" />
                  Edit
                </Link>
              </Button>
            ) : null}
          </>
        }
      >
        <p className="text-xs text-muted-foreground">
          Saved <time dateTime={view.createdAt.toISOString()}>{formatUtcMinutes(view.createdAt)}</time>
          {view.sourceName ? ` · imported from ${view.sourceName}` : ""}
        </p>
        <TemplateCountBadges counts={view.counts} full className="mt-2" />
      </PageHeader>

      {older ? (
        <Alert>
          <History aria-hidden="true" />
          <AlertDescription>
            You are viewing version {view.version}, not the latest.{" "}
            <Link href={templatePath(project.key, view.templateId)} className="font-medium text-primary underline underline-offset-4">
              View version {view.latestVersion}
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start">
        <Card>
          <CardHeader className={pad.header}>
            <CardTitle>Versions</CardTitle>
            <CardDescription>Each import or edit adds an immutable version. Times are UTC.</CardDescription>
          </CardHeader>
          <CardContent className={pad.content}>
            <VersionsList projectKey={project.key} templateId={view.templateId} versions={view.versions} shown={view.version} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader className={pad.header}>
            <CardTitle>Compare versions</CardTitle>
            <CardDescription>Items added, removed, changed or moved between two versions.</CardDescription>
          </CardHeader>
          <CardContent className={`${pad.content} space-y-6`}>
            {view.latestVersion < 2 ? (
              <p className="text-sm text-muted-foreground">There is only one version so far; nothing to compare yet.</p>
            ) : (
              <CompareVersionsForm
                projectKey={project.key}
                templateId={view.templateId}
                versions={versionNumbers}
                from={comparison?.from ?? defaultFrom}
                to={comparison?.to ?? defaultTo}
                shown={older ? view.version : undefined}
              />
            )}
            {compareRequested && !comparison ? (
              <Alert variant="destructive">
                <AlertDescription>Choose two existing versions (1 to {view.latestVersion}) to compare.</AlertDescription>
              </Alert>
            ) : null}
          </CardContent>
        </Card>
      </div>

      {comparison ? (
        <Card id="comparison" role="region" aria-labelledby="comparison-heading" className="scroll-mt-24">
          <CardHeader className={pad.header}>
            <CardTitle id="comparison-heading">
              Changes from version {comparison.from} to version {comparison.to}
            </CardTitle>
          </CardHeader>
          <CardContent className={pad.content}>
            <VersionDiff diff={comparison.diff} from={comparison.from} to={comparison.to} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader className={pad.header}>
          <CardTitle>Checklist</CardTitle>
          <CardDescription>
            Version {view.version} as releases will see it. <code className="rounded bg-muted px-1 font-mono text-xs">X.Y.Z</code> is replaced by the
            release&apos;s version.
          </CardDescription>
        </CardHeader>
        <CardContent className={pad.content}>
          <TemplateTree document={view.document} idPrefix="template" />
        </CardContent>
      </Card>

      <section aria-labelledby="import-notices-heading" className="space-y-3">
        <h2 id="import-notices-heading" className="text-base font-semibold">
          Import notices
        </h2>
        <ImportNotices notices={view.notices} sourceName={view.sourceName} />
      </section>
    </div>
  );
}
