import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, FileDown, TriangleAlert } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { actorLabel } from "@/lib/audit/format-event";
import { releasePath } from "@/lib/projects/paths";
import { getCertificate, notApprovedSentence } from "@/lib/signoffs/get-certificate";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtcSeconds } from "@/components/releases/format";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { KeyFingerprint } from "@/components/archive/key-fingerprint";
import { PrintButton } from "@/components/signoffs/print-button";
import { SignatureMethod } from "@/components/signoffs/signature-method";
import { signatureMethod } from "@/lib/signoffs/signature-method";
import { loadRelease } from "@/app/_lib/load-release";
import "./certificate.css";

type Params = Promise<{ key: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { key, id } = await params;
  await requireProject(key, "release:read", { releaseId: id });
  const view = await loadRelease(id);
  return { title: view ? `Certificate: ${view.environment.name} ${view.version}` : "Not found" };
}

const STATUS_WORDS = { active: "Valid", stale: "Stale", revoked: "Revoked" } as const;

/**
 * The printable record of a release's sign-offs: every signer with role,
 * meaning, UTC time and content hash, the release's timeline from its audit
 * chain, the chain's head and the checkpoint key's fingerprint, so a reader
 * can check the record against the trail. The PDF (./pdf) holds the same
 * content, from the same use case.
 */
export default async function CertificatePage({ params }: { params: Params }) {
  const { key: projectKey, id } = await params;
  const { user: viewer } = await requireProject(projectKey, "release:read", { releaseId: id });
  const view = await loadRelease(id);
  if (!view) notFound();
  const { roles, earlier, timeline, head, chain, key, generatedAt } = await getCertificate(view.id, viewer);
  const notApproved = notApprovedSentence(roles);

  return (
    <article data-certificate className="mx-auto max-w-4xl space-y-8 text-sm print:max-w-none print:space-y-6">
      <PageHeader
        className="pb-0"
        title="Sign-off certificate"
        description={
          <>
            Release <span className="font-mono">{view.version}</span> for {view.environment.name}
          </>
        }
        actions={
          <>
            <Button asChild variant="ghost" size="sm">
              <Link href={releasePath(view.project.key, view.id)}>
                <ArrowLeft aria-hidden="true" />
                Back to the release
              </Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <a href={`${releasePath(view.project.key, view.id)}/certificate/pdf`} download>
                <FileDown aria-hidden="true" />
                Download PDF
              </a>
            </Button>
            <PrintButton />
          </>
        }
      />

      <section aria-labelledby="certificate-release" className="space-y-3">
        <h2 id="certificate-release" className="text-base font-semibold print:break-after-avoid">
          Release
        </h2>
        <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-border bg-card p-4 sm:grid-cols-[12rem_minmax(0,1fr)] print:p-3">
          <Fact label="Version">
            <span className="font-mono">{view.version}</span>
          </Fact>
          <Fact label="Environment">{view.environment.name}</Fact>
          <Fact label="Template">
            {view.template.name}, version {view.template.version}
          </Fact>
          <Fact label="Status">
            <ReleaseStatusBadge status={view.status} />
          </Fact>
          <Fact label="Created">{formatUtcSeconds(view.createdAt)}</Fact>
          <Fact label="Release id">
            <span className="break-all font-mono text-xs">{view.id}</span>
          </Fact>
          <Fact label="Audit chain head">
            {head ? (
              <span className="block">
                <span className="font-medium">Event #{head.seq}</span> of the chain <span className="font-mono text-xs">{chain}</span>, at{" "}
                {formatUtcSeconds(head.occurredAt)}
                <span className="mt-0.5 block break-all font-mono text-xs text-muted-foreground">{head.hash}</span>
              </span>
            ) : (
              "No events yet"
            )}
          </Fact>
          <Fact label="Generated">{formatUtcSeconds(generatedAt)}</Fact>
        </dl>
        <KeyFingerprint keyInfo={key} />
      </section>

      {notApproved ? (
        <Alert className="border-warning/40 bg-warning-soft text-warning-soft-foreground [&>svg]:text-warning-soft-foreground">
          <TriangleAlert aria-hidden="true" />
          <AlertDescription>{notApproved}</AlertDescription>
        </Alert>
      ) : null}

      <section aria-labelledby="certificate-signatures" className="space-y-3">
        <h2 id="certificate-signatures" className="text-base font-semibold print:break-after-avoid">
          Signatures
        </h2>
        <p className="text-muted-foreground">
          Each content hash is the sha256 of the RFC 8785 canonical JSON of the release and the items the role covered, as signed; the audit head is the
          newest event of the release&apos;s chain at that moment.
        </p>
        <ol className="space-y-3">
          {roles.map(({ group, role, quorum, signoffs, lastStatus }) => {
            return (
              <li key={role} aria-label={role} className="rounded-lg border border-border bg-card p-4 print:break-inside-avoid print:p-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold">{role}</h3>
                  <span className="text-xs text-muted-foreground">
                    {group}
                    {quorum > 1 ? `${group ? " · " : ""}needs ${quorum} signers: ${Math.min(signoffs.length, quorum)} of ${quorum} signed` : null}
                  </span>
                </div>
                {signoffs.map((signoff) => (
                  <dl key={signoff.id} className="mt-2 grid gap-x-6 gap-y-1.5 sm:grid-cols-[9rem_minmax(0,1fr)]">
                    <Fact label="Signed by">
                      {signoff.printedName}
                      {signoff.signedOwnWork ? <span className="ml-2 text-xs font-medium text-warning-soft-foreground">(signed own work)</span> : null}
                    </Fact>
                    <Fact label="Meaning">“{signoff.meaning}”</Fact>
                    <Fact label="Signed (UTC)">
                      <time dateTime={signoff.signedAt}>{formatUtcSeconds(signoff.signedAt)}</time>
                    </Fact>
                    <Fact label="Content hash">
                      <span className="break-all font-mono text-xs">{signoff.contentHash}</span>
                    </Fact>
                    <Fact label="Audit head">
                      <span className="break-all font-mono text-xs">
                        #{signoff.auditSeq} {signoff.auditHash}
                      </span>
                    </Fact>
                    <Fact label="Signature">
                      <SignatureMethod signoff={signoff} />
                    </Fact>
                  </dl>
                ))}
                {signoffs.length < quorum ? (
                  <p className="mt-2 font-medium text-warning-soft-foreground">
                    {signoffs.length === 0
                      ? `Not signed${lastStatus ? ` (the last signature is ${STATUS_WORDS[lastStatus].toLowerCase()})` : ""}.`
                      : `Waiting for ${quorum - signoffs.length} more signer${quorum - signoffs.length === 1 ? "" : "s"}.`}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      {earlier.length > 0 ? (
        <section aria-labelledby="certificate-earlier" className="space-y-3">
          <h2 id="certificate-earlier" className="text-base font-semibold print:break-after-avoid">
            Earlier signatures, no longer valid
          </h2>
          <ol className="divide-y divide-border rounded-lg border border-border bg-card">
            {earlier.map((signoff) => (
              <li key={signoff.id} className="grid gap-1 px-4 py-2.5 sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-x-6 print:break-inside-avoid">
                <span className="font-medium">{signoff.role}</span>
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  {signoff.printedName}
                  {signoff.signedOwnWork ? " (signed own work)" : ""}, {formatUtcSeconds(signoff.signedAt)}: “{signoff.meaning}”. {signatureMethod(signoff).label}.{" "}
                  <span className="font-medium">{STATUS_WORDS[signoff.status]}</span>
                  {signoff.status === "stale" && signoff.staleReason ? `: ${signoff.staleReason}` : null}
                  {signoff.status === "revoked" && signoff.revokeReason ? `: ${signoff.revokeReason}` : null}
                  <span className="block break-all font-mono text-xs text-muted-foreground">{signoff.contentHash}</span>
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="certificate-timeline" className="space-y-3">
        <h2 id="certificate-timeline" className="text-base font-semibold print:break-after-avoid">
          Timeline
        </h2>
        <p className="text-muted-foreground">Every event of the release&apos;s audit chain, oldest first (times in UTC).</p>
        <ol className="divide-y divide-border rounded-lg border border-border bg-card">
          {timeline.map((event) => {
            const who = actorLabel(event.actor);
            const what = event.sentence.startsWith(who) ? event.sentence.slice(who.length).trimStart() : event.sentence;
            return (
              <li key={event.seq} className="grid gap-x-4 gap-y-0.5 px-4 py-2 sm:grid-cols-[3rem_11.5rem_minmax(0,1fr)] print:grid-cols-[2.25rem_9.5rem_minmax(0,1fr)] print:gap-x-2 print:break-inside-avoid print:px-2 print:py-1 print:text-xs">
                <span className="font-mono text-xs tabular-nums text-muted-foreground">#{event.seq}</span>
                <time dateTime={event.occurredAt} className="text-xs tabular-nums text-muted-foreground print:text-[0.65rem]">
                  {formatUtcSeconds(event.occurredAt)}
                </time>
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <span className="font-medium">{who}</span> {what}
                </span>
              </li>
            );
          })}
        </ol>
      </section>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 [overflow-wrap:anywhere]">{children}</dd>
    </>
  );
}
