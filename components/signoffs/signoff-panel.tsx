"use client";

import { useCallback, useEffect, useId, useState } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { CircleCheck, Clock, PenLine, TriangleAlert, Undo2 } from "lucide-react";
import { revokeSignoffAction } from "@/app/(app)/p/[key]/releases/[id]/signoff-actions";
import { isFinished, type ReleaseStatus } from "@/lib/releases/release-status";
import type { UnmetGate } from "@/lib/releases/gate-words";
import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import type { RoleQuorums } from "@/lib/signoffs/quorum";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatUtc } from "@/components/releases/format";
import { ReasonField } from "./action-dialog-fields";
import { ContentHash } from "./content-hash";
import { GateNotice } from "./gate-notice";

import { countSignoffs, quorumProgress, type RoleSignoffs, roleSignoffs, type SignoffGroup } from "./signoff-state";

/** Dialogs load when first opened, not with the page. */
const ActionDialog = dynamic(() => import("./action-dialog").then((module) => module.ActionDialog));
const SignDialog = dynamic(() => import("./sign-dialog").then((module) => module.SignDialog));

export type SignerInfo = {
  id: string;
  /** The sign-off roles the current user holds. */
  roles: string[];
  /** May sign at all (signoff:sign). */
  canSign: boolean;
  /** Per held role: why it cannot be signed now (the server's own rule, lib/signoffs/can-sign.ts), or null when it can. */
  blockers?: Record<string, string | null>;
  /** The environment gates the release still waits for (lib/releases/get-gate-waits.ts), shown to everyone reading the page. */
  waitingFor?: UnmetGate[];
};

/** After the checklist changes, the reasons are read again from the server this long after the last change. */
const READINESS_REFRESH_MS = 800;

type Props = {
  releaseId: string;
  version: string;
  environmentName: string;
  status: ReleaseStatus;
  groups: SignoffGroup[];
  signoffs: SignoffView[];
  /** Distinct signers a role needs here, for roles needing more than one. */
  quorums?: RoleQuorums;
  me: SignerInfo;
  checklistRevision: number;
};

/**
 * The template's sign-off roles in their groups: who signed, when (UTC), with
 * what meaning and content hash, or "Waiting"; a stale or revoked signature
 * says why. A role needing several signers (a quorum) lists each and shows
 * its progress ("1 of 2 signed"); a signature by someone who had ticked an
 * item the role covers says "Signed own work". The data comes from the server render, which the live stream
 * refreshes whenever a signature changes, so staleness shows up in every
 * open browser at once.
 */
export function SignoffPanel({ releaseId, version, environmentName, status, groups, signoffs, quorums, me, checklistRevision }: Props) {
  const router = useRouter();
  const [signing, setSigning] = useState<{ role: string; serial: number } | null>(null);
  const [revoking, setRevoking] = useState<SignoffView | null>(null);
  const byRole = roleSignoffs(
    groups.flatMap((group) => group.roles),
    signoffs,
    quorums,
  );
  const counts = countSignoffs(groups, signoffs, quorums);
  /** The user may still add their signature to this role: they hold it, have not signed it, and it is short of its quorum. */
  const mayAdd = (role: string) => {
    const entry = byRole.get(role);
    return !!entry && entry.state !== "signed" && !entry.live.some((signoff) => signoff.signerId === me.id);
  };
  const final = isFinished(status);
  const refresh = useCallback(() => router.refresh(), [router]);
  const closeSign = useCallback(() => setSigning(null), []);
  // Back from a fresh company sign-in (docs/decisions/027): the dialog of the role being confirmed opens again.
  useEffect(() => {
    const role = new URLSearchParams(window.location.search).get("confirm");
    if (!role) return;
    window.history.replaceState(null, "", window.location.pathname);
    setSigning({ role, serial: 1 });
  }, []);
  const closeRevoke = useCallback(() => setRevoking(null), []);

  // The reasons come with the server render; when the checklist changes live, the page is re-read shortly after so they stay true.
  const [readinessAt, setReadinessAt] = useState({ blockers: me.blockers, revision: checklistRevision });
  if (readinessAt.blockers !== me.blockers) setReadinessAt({ blockers: me.blockers, revision: checklistRevision });
  const waitsToSign = me.canSign && !final && me.roles.some(mayAdd);
  const readinessOutdated = waitsToSign && readinessAt.revision !== checklistRevision;
  useEffect(() => {
    if (!readinessOutdated) return;
    const timer = setTimeout(refresh, READINESS_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [readinessOutdated, checklistRevision, refresh]);

  if (counts.total === 0) return null;

  return (
    <Card id="signoffs" className="scroll-mt-24" role="region" aria-labelledby="signoffs-title">
      <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="space-y-1.5">
          <CardTitle id="signoffs-title" className="flex items-center gap-2">
            <PenLine aria-hidden="true" className="size-4 text-muted-foreground" />
            Sign-offs
          </CardTitle>
          <CardDescription className="max-w-prose">
            Each role signs exactly what it reviewed: the signature stores the content hash of the checklist it covers and goes stale as soon as any of it
            changes.
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2" role="status" aria-live="polite">
          <Badge variant={counts.signed === counts.total ? "success" : "outline"}>
            {counts.signed} of {counts.total} signed
          </Badge>
          {counts.stale > 0 ? (
            <Badge variant="warning">
              <TriangleAlert aria-hidden="true" />
              {counts.stale} stale
            </Badge>
          ) : null}
        </div>
      </CardHeader>
      <CardContent className="space-y-6">
        {final ? null : <GateNotice version={version} environmentName={environmentName} waitingFor={me.waitingFor ?? []} />}
        {status === "approved" ? (
          <Alert variant="success">
            <CircleCheck aria-hidden="true" />
            <AlertDescription>Every role has signed the current checklist{Object.keys(quorums ?? {}).length ? ", each with its quorum" : ""}: the release is approved.</AlertDescription>
          </Alert>
        ) : null}
        {final ? (
          <Alert>
            <CircleCheck aria-hidden="true" />
            <AlertDescription>The release is closed; its signatures stay as they are.</AlertDescription>
          </Alert>
        ) : null}
        {groups.map((group) => {
          const signedInGroup = group.roles.filter((role) => byRole.get(role)?.state === "signed").length;
          return (
            <section key={group.title} aria-label={group.title} className="space-y-2">
              <div className="flex items-baseline justify-between gap-2">
                <h3 className="text-sm font-semibold">{group.title}</h3>
                <span className="text-xs tabular-nums text-muted-foreground">
                  {signedInGroup} of {group.roles.length} signed
                </span>
              </div>
              <ul className="grid items-start gap-3 md:grid-cols-2 xl:grid-cols-3">
                {group.roles.map((role) => (
                  <RoleRow
                    key={role}
                    role={role}
                    entry={byRole.get(role)!}
                    canSignRole={me.canSign && !final && me.roles.includes(role) && mayAdd(role)}
                    blocker={me.blockers?.[role] ?? null}
                    mine={(signoff) => me.canSign && !final && signoff.signerId === me.id}
                    onSign={() => setSigning((current) => ({ role, serial: (current?.serial ?? 0) + 1 }))}
                    onRevoke={setRevoking}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </CardContent>

      {signing ? (
        <SignDialog
          key={`${signing.role}-${signing.serial}`}
          releaseId={releaseId}
          version={version}
          environmentName={environmentName}
          role={signing.role}
          checklistRevision={checklistRevision}
          onSigned={refresh}
          onClose={closeSign}
        />
      ) : null}
      {revoking ? (
        <ActionDialog
          key={revoking.id}
          title={`Revoke your ${revoking.role} sign-off?`}
          description="The release is no longer approved until someone signs this role again. Your reason is recorded in the audit trail."
          submitLabel="Revoke sign-off"
          submitVariant="destructive"
          closeLabel="Keep it"
          action={revokeSignoffAction}
          hidden={{ signoffId: revoking.id }}
          fieldNames={["reason"]}
          fields={(errors) => <ReasonField id="revoke-reason" description="Why you withdraw your signature." error={errors?.reason?.[0]} />}
          onDone={refresh}
          onClose={closeRevoke}
        />
      ) : null}
    </Card>
  );
}

type RowProps = {
  role: string;
  entry: RoleSignoffs;
  canSignRole: boolean;
  /** Why the role cannot be signed yet; the button is disabled with it. */
  blocker: string | null;
  mine: (signoff: SignoffView) => boolean;
  onSign: () => void;
  onRevoke: (signoff: SignoffView) => void;
};

function RoleRow({ role, entry, canSignRole, blocker, mine, onSign, onRevoke }: RowProps) {
  const titleId = useId();
  const blockerId = useId();
  const { state, live, gone, quorum } = entry;
  const missing = Math.max(0, quorum - live.length);
  const own = live.filter(mine);
  return (
    <li
      aria-labelledby={titleId}
      data-state={state}
      className={cn(
        "flex min-w-0 flex-col gap-2 rounded-md border p-3 text-sm",
        state === "signed" && "border-success/30 bg-success-soft/40",
        state === "partial" && "border-border",
        state === "stale" && "border-warning/50 bg-warning-soft/60",
        state === "revoked" && "border-destructive/30 bg-destructive-soft/30",
        state === "waiting" && "border-dashed border-border",
      )}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={titleId} className="font-semibold">
          {role}
        </h4>
        <StateBadge state={state} />
      </div>
      {quorum > 1 ? (
        <p data-testid="quorum-progress" className="text-xs font-medium tabular-nums text-muted-foreground">
          <span className="sr-only">{role}: </span>
          {quorumProgress(entry)}
          <span className="font-normal"> · needs {quorum} different signers</span>
        </p>
      ) : null}

      {live.map((signoff) => (
        <SignatureDetails key={signoff.id} signoff={signoff} />
      ))}
      {gone.map((signoff) => (
        <SignatureDetails key={signoff.id} signoff={signoff} />
      ))}
      {live.length === 0 && gone.length === 0 ? <p className="text-muted-foreground">Waiting for a signature.</p> : null}
      {live.length > 0 && missing > 0 ? (
        <p className="text-muted-foreground">
          Waiting for {missing} more signer{missing === 1 ? "" : "s"}.
        </p>
      ) : null}

      {canSignRole || own.length > 0 ? (
        <div className="mt-auto flex flex-wrap gap-2 pt-1">
          {canSignRole ? (
            <Button type="button" size="sm" onClick={onSign} disabled={blocker !== null} aria-describedby={blocker ? blockerId : undefined}>
              <PenLine aria-hidden="true" />
              Sign as {role}
            </Button>
          ) : null}
          {canSignRole && blocker ? (
            <p id={blockerId} data-testid="sign-blocker" className="basis-full text-xs text-muted-foreground [overflow-wrap:anywhere]">
              <span className="font-medium text-foreground">Cannot sign yet: </span>
              {blocker}
            </p>
          ) : null}
          {own.map((signoff) => (
            <Button key={signoff.id} type="button" size="sm" variant="outline" onClick={() => onRevoke(signoff)}>
              <Undo2 aria-hidden="true" />
              Revoke<span className="sr-only"> your {role} sign-off</span>
            </Button>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** One signature: who, when (UTC), the meaning and hash; why it no longer counts, if so; and whether it was the signer's own work. */
function SignatureDetails({ signoff }: { signoff: SignoffView }) {
  const active = signoff.status === "active";
  return (
    <div className="min-w-0 space-y-2">
      <div className={cn("min-w-0 space-y-1", !active && "text-muted-foreground")}>
        <p>
          {active ? "Signed by " : "Was signed by "}
          <span className="font-medium text-foreground">{signoff.printedName}</span>
          <br />
          <time dateTime={signoff.signedAt} className="tabular-nums">
            {formatUtc(signoff.signedAt)}
          </time>
        </p>
        {signoff.signedOwnWork ? (
          <p>
            <Badge variant="warning" title="The signer had ticked an item this role covers; this environment allows it.">
              Signed own work
            </Badge>
          </p>
        ) : null}
        {signoff.passkey ? (
          <p>
            <Badge variant="outline" title={`Signed with the signer's passkey; key fingerprint (SHA-256) ${signoff.passkey.fingerprint}`}>
              Signed with passkey
            </Badge>
          </p>
        ) : null}
        <blockquote className={cn("border-l-2 pl-2 italic [overflow-wrap:anywhere]", active ? "border-success/50" : "border-border")}>“{signoff.meaning}”</blockquote>
        <p className="flex flex-wrap items-center gap-x-1.5 text-xs">
          <span>Hash</span>
          <ContentHash hash={signoff.contentHash} />
        </p>
      </div>
      {signoff.status === "stale" ? (
        <p className="rounded-sm bg-warning-soft px-2 py-1.5 text-xs text-warning-soft-foreground [overflow-wrap:anywhere]">
          <span className="font-semibold">No longer valid: </span>
          {signoff.staleReason ?? "what it covered changed."}
        </p>
      ) : null}
      {signoff.status === "revoked" ? (
        <p className="rounded-sm bg-destructive-soft px-2 py-1.5 text-xs text-destructive-soft-foreground [overflow-wrap:anywhere]">
          <span className="font-semibold">Revoked: </span>
          {signoff.revokeReason ?? "no reason given."}
        </p>
      ) : null}
    </div>
  );
}

function StateBadge({ state }: { state: RoleSignoffs["state"] }) {
  if (state === "partial") {
    return (
      <Badge variant="outline">
        <Clock aria-hidden="true" />
        Partly signed
      </Badge>
    );
  }
  if (state === "signed") {
    return (
      <Badge variant="success">
        <CircleCheck aria-hidden="true" />
        Signed
      </Badge>
    );
  }
  if (state === "stale") {
    return (
      <Badge variant="warning">
        <TriangleAlert aria-hidden="true" />
        Stale
      </Badge>
    );
  }
  if (state === "revoked") {
    return (
      <Badge variant="destructive">
        <Undo2 aria-hidden="true" />
        Revoked
      </Badge>
    );
  }
  return (
    <Badge variant="outline">
      <Clock aria-hidden="true" />
      Waiting
    </Badge>
  );
}
