import type { Actor } from "./actor";
import type { AuditEventData, AuditEventType, AuditSubject } from "./event-types";

/**
 * The one place an audit event becomes a sentence, shared by the timeline,
 * the exports and the certificate. The `satisfies` below makes a new event
 * type a compile error until it has a sentence here.
 */

type Formatter<T extends AuditEventType> = (data: AuditEventData<T>, subject: AuditSubject) => string;

const list = (items: string[]) => (items.length ? items.join(", ") : "none");

const SENTENCES = {
  "auth.signed_in": () => "signed in",
  "auth.sign_in_failed": (data) =>
    data.reason === "rate_limited" ? `was refused sign-in as ${data.email} (too many attempts)` : `failed to sign in as ${data.email}`,
  "user.created": (data) =>
    `created user ${data.after.name} <${data.after.email}> as ${data.after.appRole} with sign-off roles: ${list(data.after.signoffRoles)}`,
  "user.roles_changed": (data, subject) =>
    `changed the roles of ${subject.label} from ${data.before.appRole} (${list(data.before.signoffRoles)}) to ${data.after.appRole} (${list(data.after.signoffRoles)})`,
  "user.disabled": (_data, subject) => `disabled ${subject.label}`,
  "user.enabled": (_data, subject) => `enabled ${subject.label}`,
  "signoff_role.created": (data) => `added the sign-off role ${data.after.name}`,
  "template.imported": (data) =>
    `imported the template ${data.after.name}${data.after.sourceName ? ` from ${data.after.sourceName}` : ""} (${data.after.counts.items} items in ${data.after.counts.sections} sections)`,
  "template.version_created": (data, subject) =>
    `saved version ${data.after.version} of ${subject.label} (${data.changes.added} added, ${data.changes.removed} removed, ${data.changes.changed} changed, ${data.changes.moved} moved)`,
} satisfies { [T in AuditEventType]: Formatter<T> };

export function actorLabel(actor: Actor): string {
  const roles = actor.signoffRoles?.length ? ` (${actor.signoffRoles.join(", ")})` : "";
  const token = actor.tokenId ? " via API token" : "";
  return `${actor.name}${roles}${token}`;
}

export function formatEvent<T extends AuditEventType>(event: { type: T; actor: Actor; subject: AuditSubject; data: AuditEventData<T> }): string {
  const sentence = (SENTENCES[event.type] as Formatter<T>)(event.data, event.subject);
  return `${actorLabel(event.actor)} ${sentence}`;
}
