import { randomBytes } from "node:crypto";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { sqlQuery } from "../../lib/db/sql";
import { freePort } from "../../lib/db/embedded";
import { fanOut } from "../../lib/notifications/fan-out";
import { sendDelivery } from "../../lib/jobs/send-delivery";
import { CHANNELS } from "../../lib/jobs/tasks";
import { queueDigests } from "../../lib/notifications/digest";
import { savePreferences } from "../../lib/notifications/save-preferences";
import { unsubscribe } from "../../lib/notifications/unsubscribe";
import { setItemState } from "../../lib/releases/set-item-state";
import { setProjectMemberRole } from "../../lib/projects/set-project-member-role";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, SMALL_CHECKLIST } from "../support/releases";
import { completeItems, createSigner, createStagingRelease, type Signer } from "../support/signoffs";
import { createTestUser, testContext, type TestUser } from "../support/users";

/**
 * Email through a real SMTP server (the smtp-server package) started here:
 * the mail is read back with mailparser, its links followed; a refusing
 * server is retried without touching the change that caused the mail;
 * preferences, unsubscribe links and the daily digest.
 */
setupTestDatabase();

const received: ParsedMail[] = [];
let refuse = false;
let smtp: SMTPServer;
let maintainer: TestUser;
let signer: Signer;
let templateId: string;
const saved = { ...process.env };

async function drain(): Promise<void> {
  for (const row of await sqlQuery<{ id: string }>(`SELECT id::text FROM notification_outbox WHERE fanned_out_at IS NULL ORDER BY id`)) await fanOut(row.id);
}
/** Tries every email delivery due now once, as the worker would. */
async function sendAll() {
  const rows = await sqlQuery<{ id: string }>(`SELECT id::text FROM deliveries WHERE channel = 'email' AND status IN ('pending', 'retrying') ORDER BY created_at`);
  return Promise.all(rows.map((row) => sendDelivery(row.id, CHANNELS)));
}
const mailTo = (address: string) => received.filter((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => to?.value.some((entry) => entry.address === address)));

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(_address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  process.env.COUNTERSIGN_SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.COUNTERSIGN_PUBLIC_URL = "http://countersign.test:3000";
  process.env.COUNTERSIGN_MAIL_FROM = "Countersign <noreply@countersign.test>";
  process.env.AUTH_SECRET = randomBytes(32).toString("base64");

  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST);
  maintainer = await createTestUser({ name: `Mo "O'Brien" & Co` });
  await setProjectMemberRole(testContext(), { project: "default", user: maintainer.email, role: "maintainer" });
  signer = await createSigner(["tech-lead"], "Tess Lead");
  await drain();
});

afterAll(async () => {
  process.env = saved;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("email", () => {
  let releaseId: string;

  it("sends plain text and HTML, user text escaped, each linking to the exact release and role, with a working unsubscribe link", async () => {
    releaseId = (await createStagingRelease(templateId)).id;
    const [, second] = await db.itemState.findMany({ where: { releaseId }, orderBy: { position: "asc" }, select: { itemKey: true } });
    await setItemState(testContext(signer.user.id), { releaseId, itemKey: second!.itemKey, status: "blocked", reason: "Waiting for <script>alert(1)</script> & co" });
    await setItemState(testContext(signer.user.id), { releaseId, itemKey: second!.itemKey, status: "done" });
    await completeItems(releaseId);
    await drain();
    const outcomes = await sendAll();
    expect(outcomes.map((outcome) => outcome?.status)).toEqual(["delivered", "delivered"]);

    const [blocked] = mailTo(maintainer.email);
    expect(blocked!.subject).toMatch(/^“Run the unit tests” is blocked on Staging /);
    expect(blocked!.from?.value[0]).toMatchObject({ name: "Countersign", address: "noreply@countersign.test" });
    expect(blocked!.text).toContain(`Hello Mo "O'Brien" & Co,`);
    expect(blocked!.text).toContain("Waiting for <script>alert(1)</script> & co");
    expect(blocked!.html).toContain("Hello Mo &quot;O&#39;Brien&quot; &amp; Co,");
    expect(blocked!.html).toContain("Waiting for &lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
    expect(blocked!.html).not.toContain("<script>");
    expect(blocked!.messageId).toMatch(/^<email:\d+:[0-9a-f-]+:blocked@countersign>$/);

    const [ready] = mailTo(signer.user.email);
    expect(ready!.subject).toMatch(/is ready for your signature as Tech Lead$/);
    const link = /Open it: (\S+)/.exec(ready!.text ?? "")![1]!;
    const url = new URL(link);
    expect(url.origin).toBe("http://countersign.test:3000");
    expect(url.pathname).toBe(`/p/default/releases/${releaseId}`);
    expect(url.searchParams.get("role")).toBe("Tech Lead");
    expect(ready!.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);

    // Following the unsubscribe link (the header a mail client POSTs to, and the one in the text) turns that category's email off.
    const rawHeader = (key: string) => ready!.headerLines.find((line) => line.key === key)?.line.replace(/^[^:]+:\s*/, "").replace(/\r?\n\s*/g, "");
    const oneClick = /^<(.+)>$/.exec(rawHeader("list-unsubscribe") ?? "")![1]!;
    expect(rawHeader("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(new URL(oneClick).pathname).toBe("/api/unsubscribe");
    const textLink = new URL(/Stop these emails: (\S+)/.exec(ready!.text ?? "")![1]!);
    expect(textLink.pathname).toBe("/unsubscribe");
    expect(new URL(oneClick).search).toBe(textLink.search);
    const forged = Object.fromEntries(textLink.searchParams);
    await expect(unsubscribe({ ...forged, c: "outcome" })).rejects.toThrow(/not valid/);
    expect(await unsubscribe(Object.fromEntries(textLink.searchParams))).toMatchObject({ category: "ready" });
    const [pref] = await sqlQuery<{ enabled: boolean }>(`SELECT enabled FROM notification_preferences WHERE user_id = $1::uuid AND category = 'ready' AND channel = 'email'`, [signer.user.id]);
    expect(pref?.enabled).toBe(false);
  });

  it("retries while the SMTP server refuses, leaving the change that caused the mail alone, and delivers once it accepts", async () => {
    refuse = true;
    const before = received.length;
    const other = (await createStagingRelease(templateId)).id;
    const [first] = await db.itemState.findMany({ where: { releaseId: other }, orderBy: { position: "asc" }, select: { itemKey: true } });
    // The change commits whatever the mail server does.
    const changed = await setItemState(testContext(signer.user.id), { releaseId: other, itemKey: first!.itemKey, status: "blocked", reason: "Disk full" });
    expect(changed.item.status).toBe("blocked");
    await drain();
    const [attempt] = await sendAll();
    expect(attempt).toMatchObject({ status: "retrying", responseCode: 451 });
    const [row] = await sqlQuery<{ status: string; attempts: number; last_error: string; next_attempt_at: Date }>(`SELECT status, attempts, last_error, next_attempt_at FROM deliveries WHERE channel = 'email' AND status = 'retrying'`);
    expect(row).toMatchObject({ status: "retrying", attempts: 1 });
    expect(row!.last_error).toMatch(/Mailbox busy/);
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(received.length).toBe(before);

    refuse = false;
    expect((await sendAll()).map((outcome) => outcome?.status)).toEqual(["delivered"]);
    expect(mailTo(maintainer.email).at(-1)!.subject).toMatch(/“Compile the code” is blocked/);
  });

  it("sends no mail for a category turned off, and one daily digest instead of single mails for those who chose it", async () => {
    await savePreferences(maintainer.id, { on: ["blocked.inapp", "outcome.inapp", "outcome.email", "ready.inapp", "stale.inapp", "reminder.inapp", "assigned.inapp", "assigned.email"], emailDigest: false });
    const before = mailTo(maintainer.email).length;
    const third = (await createStagingRelease(templateId)).id;
    const [first] = await db.itemState.findMany({ where: { releaseId: third }, orderBy: { position: "asc" }, select: { itemKey: true } });
    await setItemState(testContext(signer.user.id), { releaseId: third, itemKey: first!.itemKey, status: "blocked", reason: "Quiet, please" });
    await drain();
    await sendAll();
    expect(mailTo(maintainer.email)).toHaveLength(before);

    await savePreferences(maintainer.id, { on: ["blocked.inapp", "blocked.email", "assigned.inapp", "assigned.email"], emailDigest: true });
    await setItemState(testContext(signer.user.id), { releaseId: third, itemKey: first!.itemKey, status: "open" });
    await setItemState(testContext(signer.user.id), { releaseId: third, itemKey: first!.itemKey, status: "blocked", reason: "Still quiet" });
    await setItemState(testContext(signer.user.id), { releaseId: third, itemKey: first!.itemKey, status: "blocked", reason: "Still quiet", assigneeId: maintainer.id });
    await drain();
    await sendAll();
    expect(mailTo(maintainer.email)).toHaveLength(before);

    expect(await queueDigests(new Date(Date.now() + 60_000))).toBe(1);
    // The same day again: nothing new since.
    expect(await queueDigests(new Date(Date.now() + 120_000))).toBe(0);
    await sendAll();
    const digest = mailTo(maintainer.email).at(-1)!;
    // Since the digest was switched on: the block and the assignment after it, not what was mailed before.
    expect(digest.subject).toBe("Countersign: 2 notifications since your last digest");
    expect(digest.text).toContain("[Blocked items] “Compile the code” is blocked");
    expect(digest.text).toContain("[Assigned to you] You were assigned “Compile the code”");
    expect(digest.text).not.toContain("Quiet, please");
  });
});
