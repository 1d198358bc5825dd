import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { sqlQuery } from "../../lib/db/sql";
import { fanOut } from "../../lib/notifications/fan-out";
import { queueDueReminders } from "../../lib/notifications/reminders";
import { listInbox, markRead, unreadCount } from "../../lib/notifications/inbox";
import { savePreferences } from "../../lib/notifications/save-preferences";
import { waitingForMe } from "../../lib/notifications/waiting-for-me";
import { setItemState } from "../../lib/releases/set-item-state";
import { reopenRelease } from "../../lib/signoffs/release-transitions";
import { createProject } from "../../lib/projects/create-project";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { addRoleHolder } from "../../lib/projects/add-role-holder";
import { setProjectMemberRole } from "../../lib/projects/set-project-member-role";
import { updateProject } from "../../lib/projects/update-project";
import { loadActiveUser } from "../../lib/auth/session-user";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, SMALL_CHECKLIST } from "../support/releases";
import { completeItems, createSigner, createStagingRelease, sign, type Signer } from "../support/signoffs";
import { createTestUser, testContext, type TestUser } from "../support/users";

/**
 * Who is told what (issue 12): each notifiable change reaches the people the
 * project says, on the channels they chose, never the person who made it;
 * reminders follow the project's interval on a clock the test moves, stop
 * once the role has signed, and escalate to the maintainers after a second
 * interval. The fan-out runs as the worker runs it (fanOut per outbox row).
 */
setupTestDatabase();

let maintainer: TestUser;
let assignee: TestUser;
let elsewhere: TestUser;
let signer: Signer;
let templateId: string;

/** Fans out every outbox row not yet fanned out, oldest first: what the worker does. */
async function drain(): Promise<void> {
  const rows = await sqlQuery<{ id: string }>(`SELECT id::text FROM notification_outbox WHERE fanned_out_at IS NULL ORDER BY id`);
  for (const row of rows) await fanOut(row.id);
}
const titles = async (userId: string) => (await listInbox(userId)).map((entry) => `${entry.category}: ${entry.title}`);

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST);
  maintainer = await createTestUser();
  await setProjectMemberRole(testContext(), { project: "default", user: maintainer.email, role: "maintainer" });
  assignee = await createTestUser();
  signer = await createSigner(["tech-lead"], "Tess Lead");
  // Holds Tech Lead, but in another project: not asked to sign this one.
  elsewhere = await createTestUser();
  await createProject(testContext(), { key: "other", name: "Other", description: "" });
  await addProjectMember(testContext(), { project: "other", user: elsewhere.email, role: "contributor" });
  await addRoleHolder(testContext(), { project: "other", user: elsewhere.email, role: "tech-lead" });
  await drain();
});

describe("from change to inbox", () => {
  let releaseId: string;
  let readyAt: Date;

  it("tells the assignee, and the maintainers of a block, never the person who did it", async () => {
    releaseId = (await createStagingRelease(templateId)).id;
    const [first, second] = await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } });
    await setItemState(testContext(maintainer.id), { releaseId, itemKey: first!.itemKey, status: "open", assigneeId: assignee.id });
    await setItemState(testContext(assignee.id), { releaseId, itemKey: second!.itemKey, status: "blocked", reason: "Waiting for <b>infra</b>" });
    // A plain tick is not notifiable: it writes no outbox row.
    const before = await sqlQuery(`SELECT 1 FROM notification_outbox`);
    await setItemState(testContext(assignee.id), { releaseId, itemKey: first!.itemKey, status: "done" });
    expect(await sqlQuery(`SELECT 1 FROM notification_outbox`)).toHaveLength(before.length);
    await drain();

    expect(await titles(assignee.id)).toEqual([`assigned: You were assigned “Compile the code”`]);
    const [blocked] = await listInbox(maintainer.id);
    expect(blocked).toMatchObject({ category: "blocked", title: `“Run the unit tests” is blocked on Staging ${(await db.release.findUniqueOrThrow({ where: { id: releaseId } })).version}`, body: "Test Actor: Waiting for <b>infra</b>" });
    expect(blocked!.path).toBe(`/p/default/releases/${releaseId}`);
    expect(await listInbox(signer.user.id)).toEqual([]);
    // Waiting for me: the assignee's open item is gone once done.
    expect((await waitingForMe(await loadActiveUser(assignee.id).then((user) => user!))).filter((entry) => entry.kind === "item")).toEqual([]);
  });

  it("tells the holders of each waiting role when the release becomes ready, only in its project", async () => {
    await completeItems(releaseId);
    await drain();
    readyAt = (await sqlQuery<{ at: Date }>(`SELECT max(occurred_at) AS at FROM audit_events WHERE chain = $1 AND type = 'release.status_changed'`, [`release:${releaseId}`]))[0]!.at;
    const [ready] = await listInbox(signer.user.id);
    expect(ready).toMatchObject({ category: "ready", path: `/p/default/releases/${releaseId}?role=Tech%20Lead#signoffs` });
    expect(ready!.title).toMatch(/is ready for your signature as Tech Lead$/);
    expect(await listInbox(elsewhere.id)).toEqual([]);
    expect(await unreadCount(signer.user.id)).toBe(1);

    const waiting = await waitingForMe(signer.user);
    expect(waiting).toMatchObject([{ kind: "role", role: "Tech Lead", path: ready!.path }]);
    expect(await waitingForMe((await loadActiveUser(elsewhere.id))!)).toEqual([]);
  });

  it("reminds once per interval on the project's clock, escalates to the maintainers after two, and stops once signed", async () => {
    const at = (minutes: number) => new Date(readyAt.getTime() + minutes * 60_000);
    expect(await queueDueReminders(at(239))).toEqual({ reminders: 0, escalations: 0 });
    expect(await queueDueReminders(at(241))).toEqual({ reminders: 1, escalations: 0 });
    expect(await queueDueReminders(at(300))).toEqual({ reminders: 0, escalations: 0 });
    await drain();
    expect((await titles(signer.user.id))[0]).toMatch(/^reminder: Reminder: Staging .* has waited 4 h for Tech Lead$/);
    expect(await queueDueReminders(at(481))).toEqual({ reminders: 1, escalations: 1 });
    await drain();
    expect((await titles(signer.user.id)).filter((title) => title.startsWith("reminder:"))).toHaveLength(2);
    expect((await titles(maintainer.id))[0]).toMatch(/^reminder: Staging .* still waits for Tech Lead after 8 h$/);

    // A maintainer shortens the project's interval (its settings): it takes effect at the next run; a bad value is refused naming the field.
    const project = await db.project.findUniqueOrThrow({ where: { key: "default" } });
    const settings = { project: "default", name: project.name, description: project.description };
    await expect(updateProject(testContext(maintainer.id), { ...settings, reminderIntervalHours: 0.1 })).rejects.toThrow(/reminderIntervalHours[\s\S]*At least 0.25 hours/);
    await updateProject(testContext(maintainer.id), { ...settings, reminderIntervalHours: 1 });
    expect(await queueDueReminders(at(481))).toEqual({ reminders: 1, escalations: 0 });
    await updateProject(testContext(maintainer.id), { ...settings, reminderIntervalHours: 4 });

    await sign(signer, releaseId, "Tech Lead");
    expect(await queueDueReminders(at(2_000))).toEqual({ reminders: 0, escalations: 0 });
  });

  it("tells maintainers and signers the outcome, and a signer what made their signature stale", async () => {
    await drain();
    expect((await titles(maintainer.id))[0]).toMatch(/^outcome: Staging .* was approved$/);
    // The signer approved it themselves: not told.
    expect((await titles(signer.user.id)).some((title) => title.startsWith("outcome:"))).toBe(false);

    await reopenRelease(testContext(maintainer.id), { releaseId, reason: "The changelog was wrong" });
    await drain();
    const [latest, previous] = await listInbox(signer.user.id);
    expect([latest!.category, previous!.category].sort()).toEqual(["ready", "stale"]);
    const stale = [latest, previous].find((entry) => entry!.category === "stale")!;
    expect(stale.title).toMatch(/^Your signature as Tech Lead on Staging .* went stale$/);
    expect(stale.body).toBe("reopened: The changelog was wrong");
  });

  it("honours each person's choices per category and channel, and marks read only their own", async () => {
    await savePreferences(signer.user.id, { on: ["outcome.email"], emailDigest: false });
    const before = (await listInbox(signer.user.id)).length;
    await sign(signer, releaseId, "Tech Lead");
    await drain();
    // Approved again: the maintainer is told in the app, the signer turned off everything in the app.
    expect((await titles(maintainer.id)).filter((title) => title.startsWith("outcome:"))).toHaveLength(2);
    expect(await listInbox(signer.user.id)).toHaveLength(before);

    const unread = await unreadCount(maintainer.id);
    expect(unread).toBeGreaterThan(1);
    const [one] = await listInbox(maintainer.id, { unreadOnly: true });
    expect(await markRead(signer.user.id, { ids: [one!.id] })).toBe(0);
    expect(await markRead(maintainer.id, { ids: [one!.id] })).toBe(1);
    expect(await unreadCount(maintainer.id)).toBe(unread - 1);
    expect(await markRead(maintainer.id, "all")).toBe(unread - 1);
    expect(await unreadCount(maintainer.id)).toBe(0);
  });
});
