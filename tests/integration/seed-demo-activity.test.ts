import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { sqlQuery } from "../../lib/db/sql";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { loadActiveUser } from "../../lib/auth/session-user";
import { fanOut } from "../../lib/notifications/fan-out";
import { listInbox } from "../../lib/notifications/inbox";
import { waitingForMe } from "../../lib/notifications/waiting-for-me";
import { DEFAULT_SIGNOFF_ROLES } from "../../lib/roles/default-signoff-roles";
import { seedDemo } from "../../lib/seed/seed-demo";
import { DEMO_RELEASE, seedDemoActivity } from "../../lib/seed/seed-demo-activity";
import { setupTestDatabase } from "../support/database";
import { randomPassword } from "../support/users";

/**
 * The demo out of the box (issue 12): `npm start` on an empty database seeds
 * the demo and then mgit 5.2.0 on staging, ready for sign-off, so each
 * signer's "Waiting for me" and inbox show it once the worker has run.
 */
describe("seedDemoActivity", () => {
  // It seeds an empty database: it gets one of its own.
  setupTestDatabase();

  it("makes mgit 5.2.0 on staging ready for its eight signatures, through the audited use cases, and tells the signers", async () => {
    expect((await seedDemo(randomPassword())).seeded).toBe(true);
    const activity = await seedDemoActivity();
    expect(activity).not.toBeNull();
    const release = await db.release.findUniqueOrThrow({ where: { id: activity!.releaseId }, select: { version: true, status: true, requiredOpen: true, project: { select: { key: true } }, environment: { select: { key: true } } } });
    expect(release).toEqual({ version: DEMO_RELEASE.version, status: "awaiting_signoff", requiredOpen: 0, project: { key: "mgit" }, environment: { key: "staging" } });

    // Every change is on the release's chain, by the seed, and the trail verifies.
    const actors = await sqlQuery<{ name: string }>(`SELECT DISTINCT actor->>'name' AS name FROM audit_events WHERE chain = $1`, [`release:${activity!.releaseId}`]);
    expect(actors.map((row) => row.name).every((name) => name.startsWith("seed ("))).toBe(true);
    expect((await verifyTrail()).status).toBe("intact");

    // The worker's fan-out, as it runs once npm start has started it.
    for (const row of await sqlQuery<{ id: string }>(`SELECT id::text FROM notification_outbox WHERE fanned_out_at IS NULL ORDER BY id`)) await fanOut(row.id);

    for (const role of DEFAULT_SIGNOFF_ROLES) {
      const row = await db.user.findUniqueOrThrow({ where: { email: `${role.key}@countersign.test` }, select: { id: true } });
      const waiting = await waitingForMe((await loadActiveUser(row.id))!);
      expect(waiting.filter((entry) => entry.kind === "role").map((entry) => entry.kind === "role" && `${entry.role} ${entry.path}`), role.key).toEqual([`${role.name} /p/mgit/releases/${activity!.releaseId}?role=${encodeURIComponent(role.name)}#signoffs`]);
      expect((await listInbox(row.id)).map((entry) => entry.category), role.key).toContain("ready");
    }
    const member = await db.user.findUniqueOrThrow({ where: { email: DEMO_RELEASE.assignee }, select: { id: true } });
    expect((await listInbox(member.id)).map((entry) => entry.category)).toEqual(["assigned"]);
    const memberWaiting = await waitingForMe((await loadActiveUser(member.id))!);
    expect(memberWaiting.map((entry) => entry.kind)).toEqual(["item"]);
  });
});
