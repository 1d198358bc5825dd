import "server-only";
import { db, type Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";
import { AppError, nameForMessage } from "../errors/app-error";
import type { Contact } from "./get-release";
import { contactsSchema, type ContactsInput } from "./release.schema";
import { isFinished, type ReleaseStatus } from "./release-status";
import { publishReleaseChange } from "./notify";

/** Fills in the people behind the template's contact roles for one release. */
export async function updateContacts(context: AuditContext, raw: ContactsInput): Promise<Contact[]> {
  const input = contactsSchema.parse(raw);
  const saved = await db.$transaction(async (tx) => {
    const [release] = await tx.$queryRaw<{ status: string; contacts: Contact[]; version: string; env: string }[]>`
      SELECT r.status::text, r.contacts, r.version, e.name AS env FROM releases r JOIN environments e ON e.id = r.environment_id
      WHERE r.id = ${input.releaseId}::uuid FOR UPDATE OF r`;
    if (!release) throw new AppError("NOT_FOUND", "Release not found.");
    if (isFinished(release.status as ReleaseStatus)) throw new AppError("CONFLICT", "This release is read-only.");
    const roles = release.contacts.map((contact) => contact.role);
    const byRole = new Map(input.contacts.map((contact) => [contact.role, contact]));
    const unknown = input.contacts.filter((contact) => !roles.includes(contact.role));
    if (unknown.length) {
      const message = `Unknown contact role: ${unknown.map((contact) => nameForMessage(contact.role, "(not a role name)")).join(", ")}.`;
      throw new AppError("BAD_REQUEST", message, { contacts: [message] });
    }
    const after = release.contacts.map((contact) => byRole.get(contact.role) ?? contact);
    await tx.release.update({ where: { id: input.releaseId }, data: { contacts: after as Prisma.InputJsonValue, updatedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "release.contacts_updated",
      chain: releaseChain(input.releaseId),
      subject: { kind: "release", id: input.releaseId, label: `${release.env} ${release.version}` },
      data: { before: release.contacts, after },
    });
    return after;
  });
  await publishReleaseChange({ releaseId: input.releaseId, kind: "release" });
  return saved;
}
