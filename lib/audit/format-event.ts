import type { Actor } from "./actor";
import type { AuditEventData, AuditEventType, AuditSubject } from "./event-types";
import { DEFAULT_PROJECT_KEY } from "../projects/default-project";

/**
 * The one place an audit event becomes a sentence, shared by the timeline,
 * the exports and the certificate. The `satisfies` below makes a new event
 * type a compile error until it has a sentence here.
 */

type Formatter<T extends AuditEventType> = (data: AuditEventData<T>, subject: AuditSubject) => string;

const list = (items: string[]) => (items.length ? items.join(", ") : "none");
/** Where a user's sign-off roles are held; the default project goes unnamed, as it did before roles were per project. */
const inProject = (project?: { key: string; name: string }) => (project && project.key !== DEFAULT_PROJECT_KEY ? ` in ${project.name}` : "");
/** A grant that followed the company sign-in's groups says so (docs/decisions/027). */
const viaGroups = (data: { source?: "sso"; groups?: string[] }) =>
  data.source === "sso" ? ` (company sign-in${data.groups?.length ? `, groups: ${data.groups.join(", ")}` : ", no mapped group any more"})` : "";
const describeMapping = (mapping: { project: string | null; projectRole: string | null; signoffRole: string | null; orgRole: string | null }) =>
  [
    mapping.orgRole ? `the organisation role ${mapping.orgRole}` : null,
    mapping.project ? `${mapping.projectRole ?? "contributor"} of ${mapping.project}${mapping.signoffRole ? ` holding ${mapping.signoffRole}` : ""}` : null,
  ]
    .filter(Boolean)
    .join(" and ");
const SSO_REFUSALS = {
  disabled: "the account is disabled",
  email_taken: "another account has this email and the provider did not say it is verified",
  no_email: "the provider gave no email",
  unverified_email: "the provider says the email is not verified",
} as const;

type EnvironmentSnapshot = AuditEventData<"environment.created">["after"];

/** An environment's separation-of-duties policy in words, one part per setting the snapshot has (events before issue 11 have none). */
function policyParts(snapshot: EnvironmentSnapshot): Record<"creator" | "ticker" | "passkey" | "quorums", string | undefined> {
  const quorums = snapshot.quorums ? Object.entries(snapshot.quorums).sort(([a], [b]) => a.localeCompare(b)) : undefined;
  return {
    creator: snapshot.creatorMayNotSign === undefined ? undefined : `its creator ${snapshot.creatorMayNotSign ? "may not" : "may"} sign a release`,
    ticker: snapshot.tickerMayNotSign === undefined ? undefined : `whoever ticks an item ${snapshot.tickerMayNotSign ? "may not" : "may"} sign a role covering it`,
    // Shown only once required (or when it changes): events before issue 13 lack it.
    passkey: snapshot.requirePasskey === undefined ? undefined : snapshot.requirePasskey ? "signatures must be made with a passkey" : "signatures may be confirmed with a password",
    quorums: quorums === undefined ? undefined : `quorums: ${quorums.length ? quorums.map(([role, count]) => `${role} ${count} signers`).join(", ") : "one signer per role"}`,
  };
}

const policyOf = (snapshot: EnvironmentSnapshot): string =>
  Object.entries(policyParts(snapshot))
    // Passkeys are named only when required: the password is the default and long was the only way.
    .filter(([key]) => key !== "passkey" || snapshot.requirePasskey === true)
    .map(([, part]) => part)
    .filter((part): part is string => part !== undefined)
    .map((part) => `; ${part}`)
    .join("");

/** The policy settings that changed, each with what it was. */
function policyChanges(before: EnvironmentSnapshot, after: EnvironmentSnapshot): string {
  const was = policyParts(before);
  const now = policyParts(after);
  return (Object.keys(now) as (keyof typeof now)[])
    .filter((key) => now[key] !== undefined && now[key] !== was[key])
    .map((key) => `; ${now[key]}${was[key] === undefined ? "" : ` (was: ${was[key]})`}`)
    .join("");
}

const SENTENCES = {
  "auth.signed_in": () => "signed in",
  "auth.signed_out": () => "signed out",
  "auth.sign_in_failed": (data) =>
    data.reason === "rate_limited" ? `was refused sign-in as ${data.email} (too many attempts)` : `failed to sign in as ${data.email}`,
  "auth.locked_attempts_refused": (data) =>
    `was refused ${data.refused} sign-in attempts while the ${data.key} ${data.value} was locked (until ${data.lockedUntil})`,
  "user.created": (data) =>
    `created user ${data.after.name} <${data.after.email}> as ${data.after.appRole} with sign-off roles: ${list(data.after.signoffRoles)}${inProject(data.project)}`,
  "user.roles_changed": (data, subject) =>
    `changed the roles of ${subject.label} from ${data.before.appRole} (${list(data.before.signoffRoles)}) to ${data.after.appRole} (${list(data.after.signoffRoles)})${inProject(data.project)}${viaGroups(data)}`,
  "user.disabled": (_data, subject) => `disabled ${subject.label}`,
  "user.enabled": (_data, subject) => `enabled ${subject.label}`,
  "user.password_changed": () => "changed their password (their other sessions ended)",
  "user.password_reset": (_data, subject) => `reset the password of ${subject.label} (a new one must be chosen at the next sign-in)`,
  "signoff_role.created": (data) => `added the sign-off role ${data.after.name}`,
  "template.imported": (data) =>
    `imported the template ${data.after.name}${data.after.sourceName ? ` from ${data.after.sourceName}` : ""} (${data.after.counts.items} items in ${data.after.counts.sections} sections)`,
  "template.version_created": (data, subject) =>
    `saved version ${data.after.version} of ${subject.label} (${data.changes.added} added, ${data.changes.removed} removed, ${data.changes.changed} changed, ${data.changes.moved} moved)`,
  "release.created": (data) =>
    `created release ${data.after.version} for ${data.after.environment} from ${data.after.templateName} v${data.after.templateVersion} (${data.after.items} items)`,
  "release.status_changed": (data) =>
    `moved the release from ${STATUS_WORDS[data.before.status] ?? data.before.status} to ${STATUS_WORDS[data.after.status] ?? data.after.status}${data.reason ? `: ${data.reason}` : ""}${data.rollbackTrigger ? ` (trigger: ${data.rollbackTrigger})` : ""}`,
  "release.contacts_updated": (data) => `updated the contacts (${data.after.filter((entry) => entry.name).length} of ${data.after.length} filled in)`,
  "item.updated": (data) => describeItemChange(data),
  "signoff.signed": (data) => `signed off as ${data.after.role}${data.after.signedOwnWork ? " (signed own work: they had ticked an item this role covers)" : ""}: ${data.after.meaning}`,
  "signoff.sign_failed": (data) =>
    data.reason === "rate_limited"
      ? `was refused signing as ${data.role} (too many failed password attempts); nothing was signed`
      : `failed to sign as ${data.role}: the password was wrong; nothing was signed`,
  "signoff.stale": (data) => `made the ${data.role} sign-off of ${data.printedName} stale (${data.reason})`,
  "signoff.revoked": (data) => `revoked the ${data.role} sign-off of ${data.printedName}: ${data.reason}`,
  "passkey.registered": (data) => `registered the passkey ${data.after.name} (${data.after.algorithm}, key fingerprint ${data.after.fingerprint.slice(0, 16)}…, for ${data.after.rpId})`,
  "passkey.removed": (data) => `removed the passkey ${data.before.name} (key fingerprint ${data.before.fingerprint.slice(0, 16)}…)`,
  "token.created": (data) => `created the ${describeToken(data.after)}`,
  "token.revoked": (data) => `revoked the ${describeToken(data.before)}`,
  "environment.created": (data) =>
    `added the environment ${data.after.name}${data.after.requires.length ? ` (requires approval in ${data.after.requires.join(", ")})` : ""}${policyOf(data.after)}`,
  "environment.updated": (data) =>
    `changed the environment ${data.after.name}: requires ${list(data.after.requires)}, one person may ${data.after.allowMultipleRolesPerSigner ? "" : "not "}sign several roles${policyChanges(data.before, data.after)}`,
  "project.upgraded": (data) =>
    `upgraded to projects (${data.migration}): moved ${data.moved.releases} releases, ${data.moved.templates} templates, ${data.moved.environments} environments, ${data.moved.apiTokens} API tokens, ${data.moved.contributors} contributors, ${data.moved.maintainers} maintainers and ${data.moved.roleHoldings} sign-off role holdings into ${data.project.name} (${data.project.key}); ${data.admins} admins and ${data.organisationWideAuditors} organisation-wide auditors kept their roles`,
  "project.created": (data) =>
    `created the project ${data.after.name} (${data.after.key}) with the environments ${list(data.after.environments.map((environment) => environment.requires.length ? `${environment.name} (requires ${environment.requires.join(", ")})` : environment.name))}`,
  "project.updated": (data) => {
    const interval = data.before.reminderIntervalMinutes !== data.after.reminderIntervalMinutes && data.after.reminderIntervalMinutes !== undefined ? `set the reminder interval of ${data.after.name} (${data.key}) to ${data.after.reminderIntervalMinutes} minutes` : null;
    if (data.before.name === data.after.name && data.before.description === data.after.description && interval) return interval;
    const main =
      data.before.name === data.after.name
        ? `changed the description of the project ${data.after.name} (${data.key})`
        : `renamed the project ${data.before.name} (${data.key}) to ${data.after.name}${data.before.description === data.after.description ? "" : " and changed its description"}`;
    return interval ? `${main}, and ${interval.replace(/ of .*? to /, " to ")}` : main;
  },
  "project.github_repository_linked": (data, subject) => `linked the GitHub repository ${data.repository} to ${subject.label}: its deployments wait for Countersign's approval`,
  "project.github_repository_unlinked": (data, subject) => `unlinked the GitHub repository ${data.repository} from ${subject.label}`,
  "project.webhook_added": (data, subject) =>
    `added a webhook to ${data.host} in ${subject.label} (${data.events.length ? data.events.join(", ") : "every event"}, ${data.format} format)${data.description ? `: ${data.description}` : ""}`,
  "project.webhook_removed": (data, subject) => `removed the webhook to ${data.host} from ${subject.label}`,
  "project.webhook_secret_rotated": (data, subject) => `rotated the secret of the webhook to ${data.host} in ${subject.label}${data.overlapHours ? ` (the previous one signs for ${data.overlapHours} more hours)` : ""}`,
  "project.member_added": (data, subject) => `added ${data.user.name} <${data.user.email}> to ${subject.label} as ${data.after.role}${viaGroups(data)}`,
  "project.member_role_changed": (data, subject) =>
    `changed the role of ${data.user.name} <${data.user.email}> in ${subject.label} from ${data.before.role} to ${data.after.role}${viaGroups(data)}`,
  "project.member_removed": (data, subject) =>
    `removed ${data.user.name} <${data.user.email}> (${data.before.role}) from ${subject.label}${data.before.signoffRoles.length ? `; the sign-off roles they held there ended: ${data.before.signoffRoles.join(", ")}` : ""}${viaGroups(data)}`,
  "project.role_holder_added": (data, subject) => `made ${data.user.name} <${data.user.email}> ${data.role} of ${subject.label}${viaGroups(data)}`,
  "project.role_holder_removed": (data, subject) => `removed ${data.user.name} <${data.user.email}> as ${data.role} of ${subject.label}${viaGroups(data)}`,
  "sso.mapping_added": (data) => `mapped the group ${data.after.group} to ${describeMapping(data.after)}`,
  "sso.mapping_removed": (data) => `removed the mapping of the group ${data.before.group} to ${describeMapping(data.before)}`,
  "sso.account_created": (data, subject) => `signed in with the company's identity provider for the first time; the account ${subject.label} was made (${data.issuer}, subject ${data.subject})`,
  "sso.account_linked": (data, subject) => `linked the account ${subject.label} to the identity provider's account (${data.issuer}, subject ${data.subject}) by its verified email`,
  "sso.sign_in_refused": (data) => `was refused company sign-in (${data.email ?? "no email"}, ${data.issuer} subject ${data.subject}): ${SSO_REFUSALS[data.reason]}`,
  "auth.session_ended_by_provider": (data, subject) => `ended a session of ${subject.label}: the identity provider no longer accepts it (${data.reason})`,
  "user.auditor_projects_changed": (data, subject) =>
    `changed what the auditor ${subject.label} may read from ${data.before.projects.length ? `the projects ${data.before.projects.join(", ")}` : "every project"} to ${data.after.projects.length ? `the projects ${data.after.projects.join(", ")}` : "every project"}`,
} satisfies { [T in AuditEventType]: Formatter<T> };

const STATUS_WORDS: Record<string, string> = {
  draft: "draft",
  in_progress: "in progress",
  awaiting_signoff: "awaiting sign-off",
  approved: "approved",
  deployed: "deployed",
  rolled_back: "rolled back",
  cancelled: "cancelled",
  open: "open",
  done: "done",
  na: "not applicable",
  blocked: "blocked",
};

/** "API token CI (cs_abc…)", with its project and scopes when it has them (tokens made before projects had neither). */
function describeToken(token: AuditEventData<"token.created">["after"]): string {
  const kind = token.owner === "project" ? `project token of ${token.project ?? "?"}` : "API token";
  const reach = token.owner !== "project" && token.project ? ` for ${token.project} only` : "";
  const scopes = token.scopes ? ` with the scopes ${list(token.scopes)}` : "";
  return `${kind} ${token.name} (${token.prefix}…)${reach}${scopes}`;
}

function describeItemChange(data: AuditEventData<"item.updated">): string {
  const { before, after } = data;
  const parts: string[] = [];
  if (before.status !== after.status) {
    const verb =
      after.status === "done" ? "ticked" : after.status === "open" ? "reopened" : after.status === "na" ? "marked not applicable" : "marked blocked";
    parts.push(`${verb} "${data.itemTitle}"${after.reason && after.status !== "done" && after.status !== "open" ? ` (${after.reason})` : ""}`);
  }
  if (before.note !== after.note) parts.push(after.note ? `noted on "${data.itemTitle}"` : `cleared the note on "${data.itemTitle}"`);
  if (before.evidenceLinks.join() !== after.evidenceLinks.join()) parts.push(`attached ${after.evidenceLinks.length} evidence link(s) to "${data.itemTitle}"`);
  if (before.assignee !== after.assignee) parts.push(after.assignee ? `assigned "${data.itemTitle}" to ${after.assignee}` : `unassigned "${data.itemTitle}"`);
  if (before.status === after.status && before.reason !== after.reason) parts.push(`changed the reason on "${data.itemTitle}" to ${after.reason ?? "none"}`);
  return parts.join("; ") || `saved "${data.itemTitle}" unchanged`;
}

export function actorLabel(actor: Actor): string {
  const roles = actor.signoffRoles?.length ? ` (${actor.signoffRoles.join(", ")})` : "";
  if (actor.kind === "token") return `${actor.name} (project token${actor.projectKey ? ` of ${actor.projectKey}` : ""})`;
  const token = actor.tokenId ? " via API token" : "";
  return `${actor.name}${roles}${token}`;
}

/** A signature made with the signer's passkey says so, with the key's fingerprint (docs/decisions/024); a password confirmation is the default and not repeated. */
function signedWith(type: AuditEventType, actor: Actor): string {
  if (type !== "signoff.signed" || actor.authentication?.method !== "passkey") return "";
  return ` (signed with their passkey, key fingerprint ${actor.authentication.keyFingerprint.slice(0, 16)}…)`;
}

export function formatEvent<T extends AuditEventType>(event: { type: T; actor: Actor; subject: AuditSubject; data: AuditEventData<T> }): string {
  const sentence = (SENTENCES[event.type] as Formatter<T>)(event.data, event.subject);
  return `${actorLabel(event.actor)} ${sentence}${signedWith(event.type, event.actor)}`;
}
