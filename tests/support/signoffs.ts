import { createHash, randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ZodError } from "zod";
import { type AuditContext, userActor } from "../../lib/audit/actor";
import { releaseChain } from "../../lib/audit/append-event";
import { loadActiveUser, type SessionUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { AppError, type AppErrorCode } from "../../lib/errors/app-error";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { recountRelease } from "./recount";
import { DEFAULT_SIGNOFF_ROLES } from "../../lib/roles/default-signoff-roles";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import type { SignOffInput } from "../../lib/signoffs/signoff.schema";
import { importTemplate } from "../../lib/templates/import-template";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { createTestUser, testContext } from "./users";

/** The reference checklist the seed imports (lib/seed/templates/). */
export const REFERENCE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../lib/seed/templates/mgit-production-checklist.md");

export const ROLE_NAMES: string[] = DEFAULT_SIGNOFF_ROLES.map((role) => role.name);

export async function importReference(): Promise<string> {
  const markdown = readFileSync(REFERENCE_FILE, "utf8");
  const imported = await importTemplate(testContext(), { markdown, name: `Reference ${randomBytes(5).toString("hex")}`, sourceName: "mgit-production-checklist.md", projectId: DEFAULT_PROJECT_ID });
  return imported.templateId;
}

/** A version no other test of the file uses. */
export function randomVersion(): string {
  return `${randomInt(1, 1000)}.${randomInt(0, 1000)}.${randomInt(0, 100_000)}`;
}

export function randomAddress(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** A signer: the session user (as the app loads it), the password, and the context signOff receives. */
export type Signer = { user: SessionUser; password: string; context: AuditContext & { user: SessionUser } };

export function signerContext(user: SessionUser, address = randomAddress()): AuditContext & { user: SessionUser } {
  return { user, actor: userActor(user), origin: { address, userAgent: "vitest" } };
}

/** Creates a user holding the given sign-off role keys, through the real use case, and loads them as the app would. */
export async function createSigner(roleKeys: string[], name?: string): Promise<Signer> {
  const created = await createTestUser({ signoffRoles: roleKeys, ...(name ? { name } : {}) });
  const user = await loadActiveUser(created.id);
  if (!user) throw new Error(`user ${created.id} did not load`);
  return { user, password: created.password, context: signerContext(user) };
}

/** One signer per default role, by role name. */
export async function createRoleSigners(): Promise<Map<string, Signer>> {
  const signers = new Map<string, Signer>();
  for (const role of DEFAULT_SIGNOFF_ROLES) signers.set(role.name, await createSigner([role.key], `${role.name} ${randomBytes(3).toString("hex")}`));
  return signers;
}

export async function createStagingRelease(templateId: string, environment = "staging", version = randomVersion()) {
  return createRelease(testContext(), { templateId, version, environment });
}

/**
 * Brings every item of a release to done, except `leaveOpen`, and applies
 * `overrides` (e.g. N/A with a reason). For speed, the bulk of the items is
 * marked done directly (test setup, no audit events); the overrides and one
 * last item go through the real setItemState, which recounts the release so
 * it awaits sign-off when nothing required is left open.
 */
export async function completeItems(
  releaseId: string,
  options: { leaveOpen?: string[]; overrides?: Record<string, { status: "na" | "done"; reason?: string; note?: string; evidenceLinks?: string[] }> } = {},
): Promise<void> {
  const items = await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } });
  const leaveOpen = new Set(options.leaveOpen ?? []);
  const last = items.filter((item) => !leaveOpen.has(item.itemKey)).at(-1)?.itemKey;
  const viaUseCase = items.map((item) => item.itemKey).filter((key) => !leaveOpen.has(key) && (options.overrides?.[key] || key === last));
  await db.itemState.updateMany({
    where: { releaseId, itemKey: { notIn: [...leaveOpen, ...viaUseCase] } },
    data: { status: "done", version: 1, updatedByName: "test setup", updatedAt: new Date() },
  });
  // The bulk update bypassed the use case, so bring the release's counters in line as setItemState keeps them.
  const counts = await recountRelease(db, releaseId);
  await db.release.update({ where: { id: releaseId }, data: { itemsDone: counts.done, requiredOpen: counts.requiredOpen, blockedCount: counts.blocked } });
  const context = testContext();
  for (const itemKey of viaUseCase) {
    await setItemState(context, { releaseId, itemKey, expectedVersion: 0, status: "done", ...options.overrides?.[itemKey] });
  }
}

/** Changes one item's note through setItemState (the caller's context), at its current version. */
export async function changeNote(releaseId: string, itemKey: string, note: string, context: AuditContext = testContext()) {
  const item = await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } }, select: { version: true, status: true, reason: true } });
  return setItemState(context, {
    releaseId,
    itemKey,
    expectedVersion: item.version,
    status: item.status,
    ...(item.reason ? { reason: item.reason } : {}),
    note,
  });
}

/** Signs as `role` what the dialog would show right now. */
export async function sign(signer: Signer, releaseId: string, role: string, overrides: Partial<SignOffInput> = {}) {
  const { hash } = await currentContentHash(releaseId, role);
  return signOff(signer.context, {
    releaseId,
    role,
    meaning: `Approve ${role} for release`,
    password: signer.password,
    shownHash: hash,
    confirm: "yes",
    ...overrides,
  });
}

export async function signRoles(signers: Map<string, Signer>, releaseId: string, roles: string[] = ROLE_NAMES) {
  const results = [];
  for (const role of roles) {
    const signer = signers.get(role);
    if (!signer) throw new Error(`no signer for ${role}`);
    results.push(await sign(signer, releaseId, role));
  }
  return results;
}

export type Refusal = { kind: "app" | "validation"; code: AppErrorCode; message: string; fields: Record<string, string[]>; details?: unknown };

/** Awaits a call that must be refused: an AppError, or a zod error (reported as BAD_REQUEST with the issue paths as fields). */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (error instanceof AppError) return { kind: "app", code: error.code, message: error.message, fields: error.fieldErrors ?? {}, details: error.details };
    if (error instanceof ZodError) {
      const fields: Record<string, string[]> = {};
      for (const issue of error.issues) (fields[issue.path.join(".") || "form"] ??= []).push(issue.message);
      return { kind: "validation", code: "BAD_REQUEST", message: error.message, fields };
    }
    throw error;
  }
  throw new Error(`Expected the call to be refused, but it succeeded with ${JSON.stringify(outcome)}`);
}

/** What a refused sign-off must leave as it was: the release's signatures, its chain and its row. */
export async function signoffSnapshot(releaseId: string) {
  return {
    signoffs: await db.signoff.findMany({ where: { releaseId }, orderBy: { signedAt: "asc" } }),
    events: (await db.auditEvent.findMany({ where: { chain: releaseChain(releaseId) }, orderBy: { seq: "asc" }, select: { hash: true } })).map((event) => event.hash),
    release: await db.release.findUniqueOrThrow({ where: { id: releaseId } }),
  };
}

export async function releaseEventsOf(releaseId: string) {
  return db.auditEvent.findMany({ where: { chain: releaseChain(releaseId) }, orderBy: { seq: "asc" } });
}

/**
 * RFC 8785 canonical JSON, written here on purpose rather than imported:
 * keys sorted by UTF-16 code units (JavaScript's default string order), no
 * whitespace, ECMAScript string and number serialisation.
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`)
    .join(",")}}`;
}

/**
 * The hash a signature for `role` must carry, computed from the database
 * without the application's code (docs/decisions/008-signoffs.md):
 * sha256 over JCS of {release: {id, version, environment, templateVersionId}, role, items sorted by key}.
 */
export async function specContentHash(releaseId: string, role: string, itemKeys?: string[]): Promise<string> {
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, include: { environment: { select: { key: true } } } });
  const rows = await db.itemState.findMany({ where: { releaseId, ...(itemKeys ? { itemKey: { in: itemKeys } } : {}) } });
  const items = rows
    .map((row) => ({ key: row.itemKey, status: row.status, reason: row.reason, note: row.note, evidenceLinks: row.evidenceLinks }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const state = {
    release: { id: release.id, version: release.version, environment: release.environment.key, templateVersionId: release.templateVersionId },
    role,
    items,
  };
  return createHash("sha256").update(jcs(state)).digest("hex");
}
