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

const templateCounts = z.object({
  sections: z.number().int(),
  subsections: z.number().int(),
  items: z.number().int(),
  environmentItems: z.record(z.string(), z.number().int()),
  signoffRoles: z.number().int(),
  contactRoles: z.number().int(),
});

export const AUDIT_EVENT_SCHEMAS = {
  "auth.signed_in": z.object({}),
  "auth.sign_in_failed": z.object({ email: z.string(), reason: z.enum(["wrong_credentials", "rate_limited"]) }),
  "user.created": z.object({ after: userSnapshot }),
  "user.roles_changed": z.object({
    before: userSnapshot.pick({ appRole: true, signoffRoles: true }),
    after: userSnapshot.pick({ appRole: true, signoffRoles: true }),
  }),
  "user.disabled": z.object({ before: z.object({ disabled: z.literal(false) }), after: z.object({ disabled: z.literal(true) }) }),
  "user.enabled": z.object({ before: z.object({ disabled: z.literal(true) }), after: z.object({ disabled: z.literal(false) }) }),
  "signoff_role.created": z.object({ after: z.object({ key: z.string(), name: z.string() }) }),
  "template.imported": z.object({
    after: z.object({ name: z.string(), version: z.number().int(), sourceName: z.string().nullable(), counts: templateCounts }),
  }),
  "template.version_created": z.object({
    before: z.object({ version: z.number().int() }),
    after: z.object({ version: z.number().int(), counts: templateCounts }),
    changes: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), moved: z.number().int() }),
  }),
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_SCHEMAS;
export type AuditEventData<T extends AuditEventType> = z.infer<(typeof AUDIT_EVENT_SCHEMAS)[T]>;
export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_EVENT_SCHEMAS) as AuditEventType[];

export const subjectSchema = z.object({ kind: z.string(), id: z.string(), label: z.string() });
export type AuditSubject = z.infer<typeof subjectSchema>;

export function isAuditEventType(value: string): value is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_SCHEMAS, value);
}
