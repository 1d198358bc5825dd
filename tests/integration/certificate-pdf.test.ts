import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { checkpointConfig, loadSigningKey, publicKeyFingerprint } from "../../lib/audit/checkpoints";
import { db } from "../../lib/db/client";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { renderCertificatePdf } from "../../lib/signoffs/certificate-pdf";
import { getCertificate } from "../../lib/signoffs/get-certificate";
import { setupTestDatabase } from "../support/database";
import { completeItems, createSigner, createStagingRelease, importReference, refusalOf, sign } from "../support/signoffs";

/**
 * The certificate as a PDF holds what the page holds: signers (non-Latin
 * names too), roles and meanings, UTC times and content hashes, the audit
 * head and the key fingerprint. The text is read back out of the PDF.
 */
setupTestDatabase();

let root: string;
const saved = { dir: process.env.COUNTERSIGN_CHECKPOINT_DIR, key: process.env.COUNTERSIGN_CHECKPOINT_KEY };

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "countersign-certificate-"));
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(root, "checkpoints");
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
  await ensureDefaultSignoffRoles();
});

afterAll(async () => {
  for (const [name, value] of [["COUNTERSIGN_CHECKPOINT_DIR", saved.dir], ["COUNTERSIGN_CHECKPOINT_KEY", saved.key]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (root) await rm(root, { recursive: true, force: true });
});

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const utcSeconds = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

describe("the certificate PDF", () => {
  it("holds the signers with roles and meanings, UTC times, content hashes, the audit head and the key fingerprint, in any script", async () => {
    const templateId = await importReference();
    const release = await createStagingRelease(templateId);
    await completeItems(release.id);
    const techLead = await createSigner(["tech-lead"], "Ζωή Παπαδοπούλου-Дарья Łukasz");
    const qaLead = await createSigner(["qa-lead"], "Quinn Assure");
    await sign(techLead, release.id, "Tech Lead", { meaning: "Одобряю выпуск — approved for Staging" });
    // A failed signing attempt is on the release's timeline, so it is on the certificate too.
    expect((await refusalOf(sign(qaLead, release.id, "QA Lead", { password: "not-the-password" }))).code).toBe("UNAUTHENTICATED");

    const certificate = await getCertificate(release.id, "system");
    const bytes = await renderCertificatePdf(certificate);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(bytes);
    const flat = text.replace(/\s+/g, "");

    const signoff = await db.signoff.findFirstOrThrow({ where: { releaseId: release.id, role: "Tech Lead" } });
    const head = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(release.id) }, orderBy: { seq: "desc" } });
    const fingerprint = publicKeyFingerprint(await loadSigningKey(checkpointConfig().keyFile));
    expect(certificate.key?.fingerprint).toBe(fingerprint);
    expect(certificate.head?.hash).toBe(head.hash);

    expect(text).toContain("Sign-off certificate");
    expect(text).toContain(`Release ${signoff.releaseId}`);
    expect(text).toContain("Ζωή Παπαδοπούλου-Дарья Łukasz");
    expect(text).toContain("Одобряю выпуск — approved for Staging");
    expect(text).toContain("Tech Lead");
    expect(text).toContain(utcSeconds(signoff.signedAt));
    expect(text).toContain(signoff.contentHash);
    expect(text).toContain(`#${signoff.auditSeq} ${signoff.auditHash}`);
    expect(text).toContain(`event #${head.seq} of the chain release:${release.id}`);
    expect(text).toContain(head.hash);
    expect(text).toContain(fingerprint);
    expect(flat).toContain(fingerprint);
    // The roles still unsigned, and the timeline with the failed attempt.
    expect(text).toContain("Not approved: 7 of 8 roles have no valid signature");
    expect(flat).toContain("failedtosignasQALead:thepasswordwaswrong;nothingwassigned".replace(/\s+/g, ""));
  });

  it("refuses an unknown release with NOT_FOUND, not a 500", async () => {
    expect((await refusalOf(getCertificate("00000000-0000-4000-8000-000000000000", "system"))).code).toBe("NOT_FOUND");
  });
});
