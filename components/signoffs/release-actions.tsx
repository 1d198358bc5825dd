"use client";

import { useCallback, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Ban, Download, RotateCcw, ScrollText, Send, Undo2 } from "lucide-react";
import { finishReleaseAction, reopenReleaseAction } from "@/app/(app)/p/[key]/releases/[id]/signoff-actions";
import type { ReleaseStatus } from "@/lib/releases/release-status";
import { releasePath } from "@/lib/projects/paths";
import { Button } from "@/components/ui/button";
import dynamic from "next/dynamic";
import { ReasonField, TriggerField } from "./action-dialog-fields";

/** Dialogs load when first opened, not with the page. */
const ActionDialog = dynamic(() => import("./action-dialog").then((module) => module.ActionDialog));

type Dialog = "reopen" | "deployed" | "rolled_back" | "cancelled";

type Props = {
  releaseId: string;
  /** The key of the release's project: its pages are under /p/<key>/. */
  projectKey: string;
  version: string;
  environmentName: string;
  status: ReleaseStatus;
  /** May mark the release deployed, rolled back or cancelled (release:create). */
  canFinish: boolean;
  /** May reopen an approved release (release:reopen, admins). */
  canReopen: boolean;
  /** The template's rollback triggers, offered when marking a rollback. */
  rollbackTriggers: string[];
};

const OPEN: readonly ReleaseStatus[] = ["draft", "in_progress", "awaiting_signoff", "approved"];

/**
 * The release's next steps once people have signed (deployed, rolled back,
 * cancelled; an admin reopens an approved release) and its records: the
 * completed checklist as Markdown and the printable certificate.
 */
export function ReleaseActions({ releaseId, projectKey, version, environmentName, status, canFinish, canReopen, rollbackTriggers }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState<Dialog | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const refresh = useCallback(() => router.refresh(), [router]);
  const label = `${environmentName} ${version}`;

  return (
    <>
      {canFinish && status === "approved" ? (
        <Button size="sm" onClick={() => setOpen("deployed")}>
          <Send aria-hidden="true" />
          Mark deployed
        </Button>
      ) : null}
      {canFinish && (status === "approved" || status === "deployed") ? (
        <Button size="sm" variant="outline" onClick={() => setOpen("rolled_back")}>
          <Undo2 aria-hidden="true" />
          Mark rolled back
        </Button>
      ) : null}
      {canReopen && status === "approved" ? (
        <Button size="sm" variant="outline" onClick={() => setOpen("reopen")}>
          <RotateCcw aria-hidden="true" />
          Reopen
        </Button>
      ) : null}
      {canFinish && OPEN.includes(status) ? (
        <Button size="sm" variant="ghost" className="text-destructive hover:bg-destructive-soft hover:text-destructive-soft-foreground" onClick={() => setOpen("cancelled")}>
          <Ban aria-hidden="true" />
          Cancel release
        </Button>
      ) : null}
      <Button asChild size="sm" variant="outline">
        <a href={`${releasePath(projectKey, releaseId)}/export`} download>
          <Download aria-hidden="true" />
          Download checklist (Markdown)
        </a>
      </Button>
      <Button asChild size="sm" variant="outline">
        <Link href={`${releasePath(projectKey, releaseId)}/certificate`}>
          <ScrollText aria-hidden="true" />
          Certificate
        </Link>
      </Button>

      {open === "deployed" ? (
        <ActionDialog
          title={`Mark ${label} deployed?`}
          description="Records that the approved release is live. The release is closed afterwards: its checklist and signatures stay as they are."
          submitLabel="Mark deployed"
          action={finishReleaseAction}
          hidden={{ releaseId, outcome: "deployed" }}
          onDone={refresh}
          onClose={close}
        />
      ) : null}
      {open === "rolled_back" ? (
        <ActionDialog
          title={`Mark ${label} rolled back?`}
          description="Records that the release was rolled back, which trigger fired and why. The release is closed afterwards."
          submitLabel="Mark rolled back"
          submitVariant="destructive"
          action={finishReleaseAction}
          hidden={{ releaseId, outcome: "rolled_back" }}
          fieldNames={["trigger", "reason"]}
          fields={(errors) => (
            <>
              <TriggerField suggestions={rollbackTriggers} error={errors?.trigger?.[0]} />
              <ReasonField id="rollback-reason" description="What happened, and what was done." error={errors?.reason?.[0]} />
            </>
          )}
          onDone={refresh}
          onClose={close}
        />
      ) : null}
      {open === "reopen" ? (
        <ActionDialog
          title={`Reopen ${label}?`}
          description="Every signature becomes stale at once and the checklist can change again; all roles have to sign again before the release is approved."
          submitLabel="Reopen release"
          action={reopenReleaseAction}
          hidden={{ releaseId }}
          fieldNames={["reason"]}
          fields={(errors) => <ReasonField id="reopen-reason" description="Why the approved release needs changes." error={errors?.reason?.[0]} />}
          onDone={refresh}
          onClose={close}
        />
      ) : null}
      {open === "cancelled" ? (
        <ActionDialog
          title={`Cancel ${label}?`}
          description="The release will not ship. It is closed afterwards: nothing can be ticked or signed any more."
          submitLabel="Cancel release"
          submitVariant="destructive"
          closeLabel="Keep the release"
          action={finishReleaseAction}
          hidden={{ releaseId, outcome: "cancelled" }}
          fieldNames={["reason"]}
          fields={(errors) => <ReasonField id="cancel-reason" description="Why the release is cancelled." error={errors?.reason?.[0]} />}
          onDone={refresh}
          onClose={close}
        />
      ) : null}
    </>
  );
}
