import { beforeAll, describe, expect, it } from "vitest";
import { loadActiveUser, type SessionUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { removeProjectMember } from "../../lib/projects/remove-project-member";
import { createRelease } from "../../lib/releases/create-release";
import { getOpenSectionChoices } from "../../lib/releases/get-open-sections";
import { getRelease } from "../../lib/releases/get-release";
import { openSectionsFor } from "../../lib/releases/open-sections";
import { setOpenSections } from "../../lib/releases/set-open-sections";
import { SYSTEM_VIEWER } from "../../lib/releases/visibility";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { getTemplateVersion } from "../../lib/templates/get-template";
import { setupTestDatabase } from "../support/database";
import { importReferenceTemplate, randomVersion, refusalOf } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Which sections of a release page a user keeps open (issue 17,
 * docs/decisions/028): kept per user and release on the server, merged change
 * by change, only the release's own checklist sections, only for its readers;
 * a refusal writes nothing.
 */

setupTestDatabase();

let templateId: string;
let first: string;
let second: string;
/** The reference checklist's section keys, in page order, and a block that is not a section (a runbook). */
let sections: string[];
let runbookKey: string;
let alice: SessionUser;
let bob: SessionUser;
let auditor: SessionUser;
let outsider: SessionUser;

const sessionUser = async (overrides: Parameters<typeof createTestUser>[0] = {}) => (await loadActiveUser((await createTestUser(overrides)).id))!;
const storedRows = () => db.releaseViewState.findMany({ orderBy: [{ userId: "asc" }, { releaseId: "asc" }] });

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importReferenceTemplate();
  first = (await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" })).id;
  second = (await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" })).id;
  sections = (await getRelease(first, SYSTEM_VIEWER)).sections.map((section) => section.key);
  const document = (await getTemplateVersion(templateId)).document;
  runbookKey = document.blocks.find((block) => block.kind === "runbook")!.key;
  alice = await sessionUser({ name: "Alice Open" });
  bob = await sessionUser({ name: "Bob Closed" });
  auditor = await sessionUser({ appRole: "auditor" });
  const stranger = await createTestUser({ name: "Otto Outsider" });
  // Test users join the default project on creation: this one is in no project, so reads none of its releases.
  await removeProjectMember(testContext(), { project: DEFAULT_PROJECT_KEY, user: stranger.spec.email });
  outsider = (await loadActiveUser(stranger.id))!;
});

describe("keeping which sections are open", () => {
  it("keeps each user's choices per release, merging change by change over the default", async () => {
    expect(sections.length).toBeGreaterThan(3);
    const [a, b, c] = sections as [string, string, string];
    expect(await setOpenSections(alice, { releaseId: first, closed: [a] })).toEqual({ [a]: false });
    expect(await setOpenSections(alice, { releaseId: first, open: [b], closed: [c] })).toEqual({ [a]: false, [b]: true, [c]: false });
    // Opened again: the newest choice wins.
    expect(await setOpenSections(alice, { releaseId: first, open: [a] })).toEqual({ [a]: true, [b]: true, [c]: false });

    expect(await getOpenSectionChoices(alice.id, first)).toEqual({ [a]: true, [b]: true, [c]: false });
    // Another user of the same release, and the same user on another release, start from the default.
    expect(await getOpenSectionChoices(bob.id, first)).toEqual({});
    expect(await getOpenSectionChoices(alice.id, second)).toEqual({});

    // The page renders with them: the reference checklist opens whole by default; Alice's closed section stays closed.
    const view = await getRelease(first, SYSTEM_VIEWER);
    const defaults = openSectionsFor(view.sections, {});
    expect(Object.values(defaults).every(Boolean)).toBe(true);
    expect(openSectionsFor(view.sections, await getOpenSectionChoices(alice.id, first))[c]).toBe(false);
  });

  it("collapses and expands all at once, and lets a read-only auditor keep their own view", async () => {
    const collapsed = await setOpenSections(bob, { releaseId: second, closed: sections });
    expect(Object.values(collapsed)).toEqual(sections.map(() => false));
    const expanded = await setOpenSections(bob, { releaseId: second, open: sections });
    expect(Object.keys(expanded).sort()).toEqual([...sections].sort());
    expect(Object.values(expanded).every(Boolean)).toBe(true);

    expect(await setOpenSections(auditor, { releaseId: first, closed: [sections[0]!] })).toEqual({ [sections[0]!]: false });
    expect(await getOpenSectionChoices(auditor.id, first)).toEqual({ [sections[0]!]: false });
  });

  it("refuses a block that is not a section, an unknown section, an empty change, and a release the user may not read, writing nothing", async () => {
    const before = await storedRows();

    const runbook = await refusalOf(setOpenSections(bob, { releaseId: first, open: [runbookKey] }));
    expect(runbook).toMatchObject({ code: "BAD_REQUEST", fields: { open: [`This release's checklist has no section ${runbookKey}.`] } });
    const unknown = await refusalOf(setOpenSections(bob, { releaseId: first, open: [sections[0]!], closed: ["no-such-section"] }));
    expect(unknown).toMatchObject({ code: "BAD_REQUEST", fields: { closed: ["This release's checklist has no section no-such-section."] } });
    expect((await refusalOf(setOpenSections(bob, { releaseId: first }))).fields).toEqual({ open: ["Name a section to open or close."] });
    expect((await refusalOf(setOpenSections(bob, { releaseId: first, open: [sections[0]!], closed: [sections[0]!] }))).fields).toEqual({
      closed: ["A section cannot be opened and closed at once."],
    });
    expect((await refusalOf(setOpenSections(bob, { releaseId: first, open: ["<b>x</b>"] }))).fields).toEqual({ "open.0": ["Unknown section."] });
    expect((await refusalOf(setOpenSections(bob, { releaseId: "not-an-id", open: [sections[0]!] }))).fields).toEqual({ releaseId: ["Unknown release."] });

    expect(await refusalOf(setOpenSections(outsider, { releaseId: first, open: [sections[0]!] }))).toMatchObject({ code: "NOT_FOUND", message: "Release not found." });
    expect(await refusalOf(setOpenSections(bob, { releaseId: "00000000-0000-4000-8000-000000000000", open: [sections[0]!] }))).toMatchObject({ code: "NOT_FOUND" });

    expect(await storedRows()).toEqual(before);
  });
});
