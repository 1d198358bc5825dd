"use client";

import Link from "next/link";
import { FileText, Rocket } from "lucide-react";
import type { ReleaseStatus } from "@/lib/releases/release-status";
import type { ReleaseView } from "@/lib/releases/get-release";
import { newReleasePath, templatePath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { ReleaseActions } from "@/components/signoffs/release-actions";
import { formatUtc } from "./format";
import { ReleaseStatusBadge } from "./release-status-badge";
import type { Connection } from "./use-live-release";

type Props = {
  view: ReleaseView;
  status: ReleaseStatus;
  connection: Connection;
  nextEnvironments: { key: string; name: string }[];
  signer: { canFinish: boolean; canReopen: boolean };
  triggers: string[];
};

/** The release's title, environment, status and origin, its actions (finish, reopen, next environment) and the live indicator. */
export function ReleasePageHeader({ view, status, connection, nextEnvironments, signer, triggers }: Props) {
  return (
    <PageHeader
      title={
        <>
          Release <span className="font-mono">{view.version}</span>
        </>
      }
      actions={
        <>
          {status === "approved" || status === "deployed"
            ? nextEnvironments.map((environment) => (
                <Button key={environment.key} asChild variant="outline" size="sm">
                  <Link
                    href={newReleasePath(view.project.key, { template: view.template.id, environment: environment.key, version: view.version })}
                  >
                    <Rocket aria-hidden="true" />
                    New {environment.name} release
                  </Link>
                </Button>
              ))
            : null}
          <LiveIndicator connection={connection} />
        </>
      }
    >
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <Badge variant="outline">{view.environment.name}</Badge>
        <ReleaseStatusBadge status={status} />
      </div>
      <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
        <span>
          From{" "}
          <Link
            href={templatePath(view.project.key, view.template.id, view.template.version)}
            className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
          >
            <FileText aria-hidden="true" className="size-3.5" />
            {view.template.name}, version {view.template.version}
          </Link>
        </span>
        <span>
          Created <time dateTime={view.createdAt}>{formatUtc(view.createdAt)}</time>
        </span>
      </p>
      <div className="no-print mt-3 flex flex-wrap items-center gap-2">
        <ReleaseActions
          releaseId={view.id}
          projectKey={view.project.key}
          version={view.version}
          environmentName={view.environment.name}
          status={status}
          canFinish={signer.canFinish}
          canReopen={signer.canReopen}
          rollbackTriggers={triggers}
        />
      </div>
    </PageHeader>
  );
}

function LiveIndicator({ connection }: { connection: Connection }) {
  const live = connection === "live";
  return (
    <span
      role="status"
      aria-live="polite"
      className={cn(
        "inline-flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium",
        live ? "border-success/30 bg-success-soft text-success-soft-foreground" : "border-warning/40 bg-warning-soft text-warning-soft-foreground",
      )}
    >
      <span aria-hidden="true" className={cn("size-2 rounded-full", live ? "bg-success" : "bg-warning motion-safe:animate-pulse")} />
      {live ? "Live" : connection === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
