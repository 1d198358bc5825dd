import { randomInt } from "node:crypto";
import { expect } from "vitest";
import { ZodError } from "zod";
import { releaseChain } from "../../lib/audit/append-event";
import { db, type ReleaseStatus } from "../../lib/db/client";
import { AppError, type AppErrorCode } from "../../lib/errors/app-error";
import { importTemplate } from "../../lib/templates/import-template";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { connect, readChain, type EventRow } from "./audit";
import type { TestDatabase } from "./database";
import { randomTemplateName, readReference } from "./templates";
import { testContext } from "./users";

/** Imports the reference checklist (lib/seed/templates/) under a fresh name, into the project (default: `default`); its template id. */
export async function importReferenceTemplate(projectId = DEFAULT_PROJECT_ID): Promise<string> {
  const imported = await importTemplate(testContext(), { markdown: readReference(), name: randomTemplateName("Reference"), sourceName: "mgit-production-checklist.md", projectId });
  return imported.templateId;
}

/**
 * A small checklist: three required items and one optional one (the parser
 * guesses "(optional)" from the wording), no environment-specific items.
 */
export const SMALL_CHECKLIST = [
  "# Small release",
  "",
  "## Build",
  "",
  "### Compile",
  "- [ ] Compile the code",
  "- [ ] Run the unit tests",
  "- [ ] Update the changelog (optional)",
  "",
  "### Ship",
  "- [ ] Tag the release X.Y.Z",
  "",
  "## Sign-off",
  "",
  "### Team",
  "- [ ] **Tech Lead**: ________ Date: ______",
  "",
  "## Emergency Contacts",
  "",
  "| Role | Name | Phone | Email |",
  "|------|------|-------|-------|",
  "| On-call Engineer | TBD | TBD | TBD |",
  "| Release Manager | TBD | TBD | TBD |",
  "",
].join("\n");

/** A checklist of `count` required items and nothing else, for the concurrency test. */
export function requiredOnlyChecklist(count: number): string {
  return ["# Concurrency", "", "## Work", "", "### Items", ...Array.from({ length: count }, (_, index) => `- [ ] Step ${index + 1}`), ""].join("\n");
}

export async function importMarkdownTemplate(markdown: string, prefix = "Small", projectId = DEFAULT_PROJECT_ID): Promise<string> {
  return (await importTemplate(testContext(), { markdown, name: randomTemplateName(prefix), projectId })).templateId;
}

/** A version no other test of the file uses (the live-release index is per environment and version). */
export function randomVersion(): string {
  return `${randomInt(10, 1000)}.${randomInt(0, 1000)}.${randomInt(0, 100_000)}`;
}

/**
 * Sets a release's status as the schema owner, bypassing the application:
 * sign-off, deployment and cancellation have no use cases yet.
 */
export async function setReleaseStatusAsOwner(database: TestDatabase, releaseId: string, status: ReleaseStatus): Promise<void> {
  const client = await connect(database.ownerUrl);
  try {
    const result = await client.query(`UPDATE releases SET status = $1::"ReleaseStatus" WHERE id = $2::uuid`, [status, releaseId]);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

export const releaseEvents = (releaseId: string): Promise<EventRow[]> => readChain(releaseChain(releaseId));

/** Everything about one release a refused call must leave as it was: the row, its items, its chain. */
export async function releaseSnapshot(releaseId: string) {
  return {
    release: await db.release.findUnique({ where: { id: releaseId } }),
    items: await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" } }),
    events: (await releaseEvents(releaseId)).map((event) => event.hash),
  };
}

/** Row counts of everything a refused creation must not have written. */
export async function writeCounts() {
  return { releases: await db.release.count(), items: await db.itemState.count(), events: await db.auditEvent.count() };
}

export type Refusal = { kind: "app" | "validation"; code: AppErrorCode; message: string; fields: Record<string, string[]>; details?: unknown };

/**
 * Awaits a call that must be refused, and says how: an AppError (with its
 * code and field errors), or a zod validation error of the use case's own
 * schema (reported as BAD_REQUEST with the issue paths as fields, as the
 * action and API wrappers do).
 */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (error instanceof AppError) {
      return { kind: "app", code: error.code, message: error.message, fields: error.fieldErrors ?? {}, details: error.details };
    }
    if (error instanceof ZodError) {
      const fields: Record<string, string[]> = {};
      for (const issue of error.issues) (fields[issue.path.join(".") || "form"] ??= []).push(issue.message);
      return { kind: "validation", code: "BAD_REQUEST", message: error.message, fields };
    }
    throw error;
  }
  throw new Error(`Expected the call to be refused, but it succeeded with ${JSON.stringify(outcome)}`);
}
