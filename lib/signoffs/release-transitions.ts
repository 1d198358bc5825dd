import "server-only";
import type { z } from "zod";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { publishReleaseChange } from "../releases/notify";
import { isFinished } from "../releases/release-status";
import { loadTemplateDocument } from "../templates/load-template-document";
import { markSignoffsStale } from "./mark-stale";
import { lockRelease, releaseSubject, settleApproval } from "./sign-off";
import { finishReleaseSchema, reopenReleaseSchema, revokeSignoffSchema } from "./signoff.schema";

/** A signer revokes their own live signature, with a reason; an approved release goes back to awaiting sign-off. */
export async function revokeSignoff(context: AuditContext & { user: { id: string } }, raw: z.input<typeof revokeSignoffSchema>): Promise<{ role: string }> {
  const input = revokeSignoffSchema.parse(raw);
  const signoff = await db.signoff.findUnique({ where: { id: input.signoffId }, select: { releaseId: true } });
  if (!signoff) throw new AppError("NOT_FOUND", "Sign-off not found.");
  const result = await db.$transaction(async (tx) => {
    const release = await lockRelease(tx, signoff.releaseId);
    const current = await tx.signoff.findUnique({ where: { id: input.signoffId }, select: { id: true, role: true, printedName: true, status: true, signerId: true } });
    if (!current || current.signerId !== context.user.id) throw new AppError("NOT_FOUND", "Sign-off not found.");
    if (current.status !== "active") throw new AppError("CONFLICT", `This sign-off is already ${current.status}.`);
    if (isFinished(release.status)) {
      throw new AppError("CONFLICT", "The release is finished; its signatures stay as they are.");
    }
    await tx.signoff.update({ where: { id: current.id }, data: { status: "revoked", revokedAt: new Date(), revokeReason: input.reason } });
    await appendAuditEvent(tx, context, {
      type: "signoff.revoked",
      chain: releaseChain(release.id),
      subject: releaseSubject(release),
      data: { role: current.role, printedName: current.printedName, reason: input.reason },
    });
    await settleApproval(tx, context, release, await loadTemplateDocument(release.templateVersionId), `${current.role} revoked their sign-off`);
    return { role: current.role };
  });
  await publishReleaseChange({ releaseId: signoff.releaseId, kind: "signoff" });
  return result;
}

/** An admin reopens an approved release, with a reason: every signature goes stale and items can change again. */
export async function reopenRelease(context: AuditContext, raw: z.input<typeof reopenReleaseSchema>): Promise<void> {
  const input = reopenReleaseSchema.parse(raw);
  await db.$transaction(async (tx) => {
    const release = await lockRelease(tx, input.releaseId);
    if (release.status !== "approved") throw new AppError("CONFLICT", "Only an approved release can be reopened.");
    await markSignoffsStale(tx, context, { id: release.id, label: releaseSubject(release).label }, null, `reopened: ${input.reason}`);
    await tx.release.update({ where: { id: release.id }, data: { status: "awaiting_signoff", updatedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "release.status_changed",
      chain: releaseChain(release.id),
      subject: releaseSubject(release),
      data: { before: { status: "approved" }, after: { status: "awaiting_signoff" }, reason: input.reason },
    });
  });
  await publishReleaseChange({ releaseId: input.releaseId, kind: "signoff" });
}

const ALLOWED: Record<"deployed" | "rolled_back" | "cancelled", string[]> = {
  deployed: ["approved"],
  rolled_back: ["approved", "deployed"],
  cancelled: ["draft", "in_progress", "awaiting_signoff", "approved"],
};

/** Deployed (from approved), rolled back (reason and trigger), or cancelled (reason). Final: the release is read-only afterwards. */
export async function finishRelease(context: AuditContext, raw: z.input<typeof finishReleaseSchema>): Promise<void> {
  const input = finishReleaseSchema.parse(raw);
  await db.$transaction(async (tx) => {
    const release = await lockRelease(tx, input.releaseId);
    if (!ALLOWED[input.outcome].includes(release.status)) {
      const need = input.outcome === "deployed" ? "approved" : input.outcome === "rolled_back" ? "approved or deployed" : "still open";
      throw new AppError("CONFLICT", `This release is ${release.status.replace("_", " ")}; it must be ${need} to be marked ${input.outcome.replace("_", " ")}.`);
    }
    const reason = input.outcome === "deployed" ? undefined : input.reason;
    const trigger = input.outcome === "rolled_back" ? input.trigger : undefined;
    await tx.release.update({
      where: { id: release.id },
      data: { status: input.outcome, outcomeReason: reason ?? null, rollbackTrigger: trigger ?? null, updatedAt: new Date() },
    });
    await appendAuditEvent(tx, context, {
      type: "release.status_changed",
      chain: releaseChain(release.id),
      subject: releaseSubject(release),
      data: { before: { status: release.status }, after: { status: input.outcome }, ...(reason ? { reason } : {}), ...(trigger ? { rollbackTrigger: trigger } : {}) },
    });
  });
  await publishReleaseChange({ releaseId: input.releaseId, kind: "release" });
}
