import { z } from "zod";

/**
 * Every audit event type, each with the zod schema of its `data`. Events are
 * parsed with these when written and again when read. Adding a type here
 * makes the formatter (format-event.ts) fail to compile until it says how to
 * show it.
 */
const userSnapshot = z.object({
  email: z.string(),
  name: z.string(),
  appRole: z.string(),
  signoffRoles: z.array(z.string()),
  disabled: z.boolean(),
});

const projectRef = z.object({ key: z.string(), name: z.string() });

const templateCounts = z.object({
  sections: z.number().int(),
  subsections: z.number().int(),
  items: z.number().int(),
  environmentItems: z.record(z.string(), z.number().int()),
  signoffRoles: z.number().int(),
  contactRoles: z.number().int(),
});

const itemSnapshot = z.object({
  status: z.enum(["open", "done", "na", "blocked"]),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  evidenceLinks: z.array(z.string()),
  assignee: z.string().nullable(),
});

const contact = z.object({ role: z.string(), name: z.string(), phone: z.string(), email: z.string() });

const environmentSnapshot = z.object({
  key: z.string(),
  name: z.string(),
  requires: z.array(z.string()),
  allowMultipleRolesPerSigner: z.boolean(),
  // Separation of duties (issue 11, docs/decisions/023); optional: events written before it lack them.
  creatorMayNotSign: z.boolean().optional(),
  tickerMayNotSign: z.boolean().optional(),
  /** Every signature must be made with a passkey (issue 13, docs/decisions/024); optional: events written before it lack it. */
  requirePasskey: z.boolean().optional(),
  /** Sign-off role name -> distinct signers needed, for roles needing more than one. */
  quorums: z.record(z.string(), z.number().int()).optional(),
});

/** An API token; scopes, project and owner since issue 11 (optional: earlier events have none, and had every scope). */
const tokenSnapshot = z.object({
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()).optional(),
  /** The project it is restricted to (its key), or null: every project of its owner. */
  project: z.string().nullable().optional(),
  /** user: a personal token; project: owned by the project. */
  owner: z.enum(["user", "project"]).optional(),
});

const projectEnvironment = z.object({ key: z.string(), name: z.string(), requires: z.array(z.string()), creatorMayNotSign: z.boolean() });
const projectMember = z.object({ email: z.string(), name: z.string() });
const projectRole = z.enum(["maintainer", "contributor"]);
/** A grant given by a group mapping at a company sign-in (issue 13, docs/decisions/027), with the groups; absent: by hand. */
const grantSource = { source: z.literal("sso").optional(), groups: z.array(z.string()).optional() };
/** What a group mapping grants (lib/sso/group-mapping.schema.ts). */
const ssoMapping = z.object({
  group: z.string(),
  project: z.string().nullable(),
  projectRole: projectRole.nullable(),
  signoffRole: z.string().nullable(),
  orgRole: z.string().nullable(),
});

export const AUDIT_EVENT_SCHEMAS = {
  "auth.signed_in": z.object({}),
  "auth.signed_out": z.object({}),
  "auth.sign_in_failed": z.object({ email: z.string(), reason: z.enum(["wrong_credentials", "rate_limited"]) }),
  /** How many attempts a lock refused in all (the first was an auth.sign_in_failed of its own), written once the lock has ended. */
  "auth.locked_attempts_refused": z.object({ key: z.enum(["account", "address"]), value: z.string(), refused: z.number().int().min(2), lockedUntil: z.string() }),
  /** `project`: where the sign-off roles are held (left out by events written before roles were per project). */
  "user.created": z.object({ project: projectRef.optional(), after: userSnapshot }),
  "user.roles_changed": z.object({
    project: projectRef.optional(),
    before: userSnapshot.pick({ appRole: true, signoffRoles: true }),
    after: userSnapshot.pick({ appRole: true, signoffRoles: true }),
    ...grantSource,
  }),
  "user.disabled": z.object({ before: z.object({ disabled: z.literal(false) }), after: z.object({ disabled: z.literal(true) }) }),
  "user.enabled": z.object({ before: z.object({ disabled: z.literal(true) }), after: z.object({ disabled: z.literal(false) }) }),
  /** The user changed their own password; their other sessions ended. */
  "user.password_changed": z.object({ otherSessionsEnded: z.literal(true) }),
  /** An admin (or the CLI) set a temporary password; every session of the user ended, and they must choose a new one. */
  "user.password_reset": z.object({ mustChangePassword: z.literal(true) }),
  "signoff_role.created": z.object({ after: z.object({ key: z.string(), name: z.string() }) }),
  "template.imported": z.object({
    after: z.object({ name: z.string(), version: z.number().int(), sourceName: z.string().nullable(), counts: templateCounts }),
  }),
  "template.version_created": z.object({
    before: z.object({ version: z.number().int() }),
    after: z.object({ version: z.number().int(), counts: templateCounts }),
    changes: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), moved: z.number().int() }),
  }),
  "release.created": z.object({
    after: z.object({
      version: z.string(),
      environment: z.string(),
      templateName: z.string(),
      templateVersion: z.number().int(),
      items: z.number().int(),
    }),
  }),
  "release.status_changed": z.object({
    before: z.object({ status: z.string() }),
    after: z.object({ status: z.string() }),
    reason: z.string().optional(),
    rollbackTrigger: z.string().optional(),
  }),
  "release.contacts_updated": z.object({ before: z.array(contact), after: z.array(contact) }),
  "item.updated": z.object({
    itemKey: z.string(),
    itemTitle: z.string(),
    before: itemSnapshot,
    after: itemSnapshot,
  }),
  "signoff.signed": z.object({
    after: z.object({
      role: z.string(),
      printedName: z.string(),
      meaning: z.string(),
      contentHash: z.string(),
      coveredItems: z.number().int(),
      auditHead: z.object({ seq: z.number().int(), hash: z.string() }),
      /** The signer had ticked an item the role covers, which the environment allowed (docs/decisions/023). */
      signedOwnWork: z.literal(true).optional(),
      /** The sign-off's id (events from issue 13 on): how a passkey signature is matched to its event (docs/decisions/024). */
      signoffId: z.string().optional(),
    }),
  }),
  /** The signed-in user's re-authentication failed (or was refused by the sign-in limits) while signing this release as `role`. */
  "signoff.sign_failed": z.object({ role: z.string(), reason: z.enum(["wrong_password", "rate_limited"]) }),
  "signoff.stale": z.object({ role: z.string(), printedName: z.string(), reason: z.string() }),
  "signoff.revoked": z.object({ role: z.string(), printedName: z.string(), reason: z.string() }),
  /** The user registered a passkey on their profile (docs/decisions/024). Subject: the user. Global chain. */
  "passkey.registered": z.object({
    after: z.object({ name: z.string(), credentialId: z.string(), fingerprint: z.string(), algorithm: z.string(), rpId: z.string() }),
  }),
  "passkey.removed": z.object({ before: z.object({ name: z.string(), credentialId: z.string(), fingerprint: z.string() }) }),
  "token.created": z.object({ after: tokenSnapshot }),
  "token.revoked": z.object({ before: tokenSnapshot }),
  "environment.created": z.object({ after: environmentSnapshot }),
  "environment.updated": z.object({ before: environmentSnapshot, after: environmentSnapshot }),
  /** Written once, by the migration that introduced projects (20261207000000): what it moved into the default project. */
  "project.upgraded": z.object({
    migration: z.string(),
    project: z.object({ key: z.string(), name: z.string() }),
    moved: z.object({
      environments: z.number().int(),
      gates: z.number().int(),
      templates: z.number().int(),
      releases: z.number().int(),
      apiTokens: z.number().int(),
      contributors: z.number().int(),
      maintainers: z.number().int(),
      roleHoldings: z.number().int(),
    }),
    organisationWideAuditors: z.number().int(),
    admins: z.number().int(),
  }),
  /** A project was created with its default environments (lib/projects/create-project.ts). Subject: the project. */
  "project.created": z.object({
    after: z.object({ key: z.string(), name: z.string(), description: z.string(), environments: z.array(projectEnvironment) }),
  }),
  /** A maintainer renamed the project or changed its description (lib/projects/update-project.ts); the key never changes. Subject: the project. */
  "project.updated": z.object({
    key: z.string(),
    /** reminderIntervalMinutes: issue 12 on (optional: earlier events have none). */
    before: z.object({ name: z.string(), description: z.string(), reminderIntervalMinutes: z.number().int().optional() }),
    after: z.object({ name: z.string(), description: z.string(), reminderIntervalMinutes: z.number().int().optional() }),
  }),
  "project.member_added": z.object({ user: projectMember, after: z.object({ role: projectRole }), ...grantSource }),
  "project.member_role_changed": z.object({ user: projectMember, before: z.object({ role: projectRole }), after: z.object({ role: projectRole }), ...grantSource }),
  /** Leaving a project ends the sign-off roles held there (the database drops them with the membership): listed in `before`. */
  "project.member_removed": z.object({ user: projectMember, before: z.object({ role: projectRole, signoffRoles: z.array(z.string()) }), ...grantSource }),
  "project.role_holder_added": z.object({ user: projectMember, role: z.string(), ...grantSource }),
  "project.role_holder_removed": z.object({ user: projectMember, role: z.string(), ...grantSource }),
  /** A group mapping was added or removed (lib/sso/add-group-mapping.ts). Global chain; subject: the group. */
  "sso.mapping_added": z.object({ after: ssoMapping }),
  "sso.mapping_removed": z.object({ before: ssoMapping }),
  /** A company sign-in made the account (just in time). Subject: the user. */
  "sso.account_created": z.object({ issuer: z.string(), subject: z.string(), after: userSnapshot }),
  /** A company sign-in linked an existing account (same verified email) to the provider's account. Subject: the user. */
  "sso.account_linked": z.object({ issuer: z.string(), subject: z.string(), email: z.string() }),
  /** A company sign-in was refused after the provider's answer was accepted (disabled account, email in use, no email). */
  "sso.sign_in_refused": z.object({ issuer: z.string(), subject: z.string(), email: z.string().nullable(), reason: z.enum(["disabled", "email_taken", "no_email", "unverified_email"]) }),
  /** The provider no longer accepts a session's tokens (the user left, was disabled or signed out there): the session ended. */
  "auth.session_ended_by_provider": z.object({ issuer: z.string(), subject: z.string(), reason: z.string() }),
  /** A GitHub repository's deployments are now reviewed against this project (GitHub's custom deployment protection rule, docs/ci.md). Subject: the project. */
  "project.github_repository_linked": z.object({ repository: z.string() }),
  "project.github_repository_unlinked": z.object({ repository: z.string() }),
  /** A project's webhooks (lib/webhooks/manage-webhooks.ts): the target's host only (a Slack URL's path is its credential), never the secret. Subject: the project. */
  "project.webhook_added": z.object({ webhookId: z.string(), host: z.string(), events: z.array(z.string()), format: z.string(), description: z.string() }),
  "project.webhook_removed": z.object({ webhookId: z.string(), host: z.string() }),
  "project.webhook_secret_rotated": z.object({ webhookId: z.string(), host: z.string(), overlapHours: z.number().int() }),
  /** An auditor's project scope, by project key: none = every project (organisation-wide). Subject: the auditor. */
  "user.auditor_projects_changed": z.object({ before: z.object({ projects: z.array(z.string()) }), after: z.object({ projects: z.array(z.string()) }) }),
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_SCHEMAS;
export type AuditEventData<T extends AuditEventType> = z.infer<(typeof AUDIT_EVENT_SCHEMAS)[T]>;
export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_EVENT_SCHEMAS) as AuditEventType[];

export const subjectSchema = z.object({ kind: z.string(), id: z.string(), label: z.string() });
export type AuditSubject = z.infer<typeof subjectSchema>;

export function isAuditEventType(value: string): value is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_SCHEMAS, value);
}
