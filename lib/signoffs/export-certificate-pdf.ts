import "server-only";
import { renderCertificatePdf } from "./certificate-pdf";
import { getCertificate } from "./get-certificate";
import type { Viewer } from "../releases/visibility";

/** The sign-off certificate of a release as a PDF file (the same content as the certificate page). */
export async function exportCertificatePdf(releaseId: string, viewer: Viewer): Promise<{ fileName: string; bytes: Buffer }> {
  const certificate = await getCertificate(releaseId, viewer);
  const bytes = await renderCertificatePdf(certificate);
  const fileName = `${certificate.release.environment.key}-${certificate.release.version}-certificate.pdf`.replace(/[^A-Za-z0-9.+_-]/g, "-");
  return { fileName, bytes };
}
