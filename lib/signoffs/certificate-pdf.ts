import "server-only";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatUtcSeconds } from "../format/utc";
import { actorLabel } from "../audit/format-event";
import { STATUS_LABELS } from "../releases/release-status";
import { type Certificate, notApprovedSentence } from "./get-certificate";
import { signatureMethod } from "./signature-method";

/**
 * The sign-off certificate as a PDF, made on the server with pdfkit: the same
 * content as the certificate page (lib/signoffs/get-certificate.ts). Text is
 * set in DejaVu Sans from the `dejavu-fonts-ttf` package, embedded and
 * subset, so names in Greek, Cyrillic, Hebrew, Arabic and other scripts it
 * covers render; nothing is fetched at run time (docs/decisions/016).
 */

type Fonts = { regular: Buffer; bold: Buffer; mono: Buffer };
let fonts: Fonts | undefined;

function loadFonts(): Fonts {
  if (fonts) return fonts;
  // Resolved from the app's root, where npm installed it (the server bundle does not carry font files).
  const resolve = createRequire(path.join(process.cwd(), "package.json")).resolve;
  const file = (name: string) => readFileSync(resolve(`dejavu-fonts-ttf/ttf/${name}`));
  fonts = { regular: file("DejaVuSans.ttf"), bold: file("DejaVuSans-Bold.ttf"), mono: file("DejaVuSansMono.ttf") };
  return fonts;
}

const SIGNATURE_STATUS = { active: "Valid", stale: "Stale", revoked: "Revoked" } as const;
const MUTED = "#555555";
const KEY_UNREADABLE = "not available: the checkpoint key cannot be read right now";

export async function renderCertificatePdf(certificate: Certificate): Promise<Buffer> {
  const { regular, bold, mono } = loadFonts();
  const { release, head } = certificate;
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    font: regular as unknown as string,
    bufferPages: true,
    info: {
      Title: `Sign-off certificate: ${release.environment.name} ${release.version}`,
      Subject: `Release ${release.id}`,
      Creator: "Countersign",
    },
  });
  doc.registerFont("sans", regular);
  doc.registerFont("bold", bold);
  doc.registerFont("mono", mono);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (text: string) => {
    doc.moveDown(0.8).font("bold").fontSize(13).fillColor("black").text(text, { width });
    doc.moveDown(0.3);
  };
  /** A label and its value on one logical line; hashes and ids in the monospaced face. */
  const fact = (label: string, value: string, face: "sans" | "mono" = "sans") => {
    doc.font("bold").fontSize(9.5).fillColor(MUTED);
    const labelWidth = doc.widthOfString(`${label}: `);
    // A hash that would not fit after its label goes on its own line, whole.
    if (face === "mono" && labelWidth + doc.font("mono").widthOfString(value) > width) {
      doc.font("bold").text(`${label}:`, { width });
      doc.font("mono").fillColor("black").text(value, { width });
      return;
    }
    doc.font("bold").text(`${label}: `, { continued: true, width });
    doc.font(face).fillColor("black").text(value, { width });
  };

  doc.font("bold").fontSize(20).text("Sign-off certificate");
  doc.font("sans").fontSize(11).fillColor(MUTED).text(`Release ${release.version} for ${release.environment.name}`);

  heading("Release");
  fact("Version", release.version);
  fact("Environment", release.environment.name);
  fact("Template", `${release.template.name}, version ${release.template.version}`);
  fact("Status", STATUS_LABELS[release.status]);
  fact("Created", formatUtcSeconds(release.createdAt));
  fact("Release id", release.id, "mono");
  fact("Audit chain head", head ? `event #${head.seq} of the chain ${certificate.chain}, at ${formatUtcSeconds(head.occurredAt)}` : "no events yet");
  if (head) fact("Head hash", head.hash, "mono");
  if (certificate.key) fact("Checkpoint key fingerprint (SHA-256)", certificate.key.fingerprint, "mono");
  else fact("Checkpoint key fingerprint (SHA-256)", KEY_UNREADABLE);
  fact("Generated", formatUtcSeconds(certificate.generatedAt));

  const notApproved = notApprovedSentence(certificate.roles);
  if (notApproved) {
    doc.moveDown(0.6).font("bold").fontSize(10).fillColor("#8a4b00");
    doc.text(notApproved, { width });
  }

  heading("Signatures");
  doc.font("sans").fontSize(9).fillColor(MUTED);
  doc.text("Each content hash is the sha256 of the RFC 8785 canonical JSON of the release and the items the role covered, as signed; the audit head is the newest event of the release's chain at that moment.", { width });
  for (const entry of certificate.roles) {
    doc.moveDown(0.6).font("bold").fontSize(11).fillColor("black").text(entry.role, { continued: Boolean(entry.group) });
    if (entry.group) doc.font("sans").fontSize(9).fillColor(MUTED).text(`  ${entry.group}`);
    if (entry.quorum > 1) fact("Quorum", `needs ${entry.quorum} different signers: ${Math.min(entry.signoffs.length, entry.quorum)} of ${entry.quorum} signed`);
    for (const [index, signoff] of entry.signoffs.entries()) {
      if (index > 0) doc.moveDown(0.3);
      fact("Signed by", `${signoff.printedName}${signoff.signedOwnWork ? " (signed own work)" : ""}`);
      fact("Meaning", `“${signoff.meaning}”`);
      fact("Signed (UTC)", formatUtcSeconds(signoff.signedAt));
      fact("Content hash", signoff.contentHash, "mono");
      fact("Audit head", `#${signoff.auditSeq} ${signoff.auditHash}`, "mono");
      const method = signatureMethod(signoff);
      fact("Signature", method.label);
      if (method.fingerprint) fact("Key fingerprint (SHA-256)", method.fingerprint, "mono");
    }
    if (entry.signoffs.length === 0) {
      doc.font("sans").fontSize(10).fillColor("#8a4b00").text(`Not signed${entry.lastStatus ? ` (the last signature is ${SIGNATURE_STATUS[entry.lastStatus].toLowerCase()})` : ""}.`);
    } else if (entry.signoffs.length < entry.quorum) {
      const more = entry.quorum - entry.signoffs.length;
      doc.font("sans").fontSize(10).fillColor("#8a4b00").text(`Waiting for ${more} more signer${more === 1 ? "" : "s"}.`);
    }
  }

  if (certificate.earlier.length > 0) {
    heading("Earlier signatures, no longer valid");
    for (const signoff of certificate.earlier) {
      const why = signoff.status === "stale" ? signoff.staleReason : signoff.status === "revoked" ? signoff.revokeReason : null;
      doc.font("bold").fontSize(9.5).fillColor("black").text(`${signoff.role}: `, { continued: true });
      doc.font("sans").text(`${signoff.printedName}${signoff.signedOwnWork ? " (signed own work)" : ""}, ${formatUtcSeconds(signoff.signedAt)}: “${signoff.meaning}”. ${signatureMethod(signoff).label}. ${SIGNATURE_STATUS[signoff.status]}${why ? `: ${why}` : ""}`, { width });
      doc.font("mono").fontSize(8).fillColor(MUTED).text(signoff.contentHash, { width });
      doc.moveDown(0.3);
    }
  }

  heading("Timeline");
  doc.font("sans").fontSize(9).fillColor(MUTED).text("Every event of the release's audit chain, oldest first (times in UTC).", { width });
  doc.moveDown(0.3);
  for (const event of certificate.timeline) {
    const who = actorLabel(event.actor);
    const what = event.sentence.startsWith(who) ? event.sentence.slice(who.length).trimStart() : event.sentence;
    doc.font("mono").fontSize(8).fillColor(MUTED).text(`#${event.seq}  ${formatUtcSeconds(event.occurredAt)}  `, { continued: true });
    doc.font("bold").fontSize(8.5).fillColor("black").text(`${who} `, { continued: true });
    doc.font("sans").text(what, { width });
  }

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("sans").fontSize(8).fillColor(MUTED).text(`Release ${release.id} · page ${index + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - 35, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
