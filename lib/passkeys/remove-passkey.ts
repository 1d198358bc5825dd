import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { removePasskeySchema } from "./passkey.schema";

/**
 * Removes one of the signed-in user's own passkeys (audited as
 * `passkey.removed` with its fingerprint). Signatures made with it stay
 * verifiable: each keeps a copy of the key it was made with.
 */
export async function removePasskey(context: AuditContext & { user: { id: string; name: string; email: string } }, raw: z.input<typeof removePasskeySchema>): Promise<{ name: string }> {
  const input = removePasskeySchema.parse(raw);
  return db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: input.passkeyId, userId: context.user.id }, select: { id: true, name: true, credentialId: true, fingerprint: true } });
    if (!passkey) throw new AppError("NOT_FOUND", "Passkey not found.");
    await tx.passkey.delete({ where: { id: passkey.id } });
    await appendAuditEvent(tx, context, {
      type: "passkey.removed",
      subject: { kind: "user", id: context.user.id, label: `${context.user.name} <${context.user.email}>` },
      data: { before: { name: passkey.name, credentialId: passkey.credentialId, fingerprint: passkey.fingerprint } },
    });
    return { name: passkey.name };
  });
}
