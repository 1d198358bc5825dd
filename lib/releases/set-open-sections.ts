import "server-only";
import type { Subject } from "../auth/permissions";
import { sqlQuery } from "../db/sql";
import { AppError } from "../errors/app-error";
import { loadTemplateDocument } from "../templates/load-template-document";
import type { OpenChoices } from "./open-sections";
import { setOpenSectionsSchema, type SetOpenSectionsInput } from "./release.schema";
import { visibleReleaseCondition } from "./visibility";

/**
 * A reader of a release opens or closes sections of its page; the choice is
 * kept for them and this release (docs/decisions/028) and the page is
 * rendered that way next time, in any browser. Sections are named by key and
 * must be the release's own checklist sections; the change is merged into
 * what the user chose before, in one statement (two tabs toggling different
 * sections both count). A view preference, not release data: open to every
 * reader of the release (auditors too), and not audited.
 */
export async function setOpenSections(user: Subject & { id: string }, raw: SetOpenSectionsInput): Promise<OpenChoices> {
  const input = setOpenSectionsSchema.parse(raw);
  const values: unknown[] = [input.releaseId];
  const visible = visibleReleaseCondition("r", user, (value) => {
    values.push(value);
    return `$${values.length}`;
  });
  const [release] = await sqlQuery<{ templateVersionId: string }>(
    `SELECT r.template_version_id::text AS "templateVersionId" FROM releases r WHERE r.id = $1::uuid${visible ? ` AND ${visible}` : ""}`,
    values,
  );
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");

  const document = await loadTemplateDocument(release.templateVersionId);
  const sectionKeys = new Set(document.blocks.flatMap((block) => (block.kind === "checklist" || block.kind === "environments" ? [block.key] : [])));
  for (const field of ["open", "closed"] as const) {
    const unknown = input[field].filter((key) => !sectionKeys.has(key));
    if (unknown.length > 0) {
      const message = `This release's checklist has no section ${unknown.slice(0, 5).join(", ")}.`;
      throw new AppError("BAD_REQUEST", message, { [field]: [message] });
    }
  }

  const change: OpenChoices = Object.fromEntries([...input.open.map((key) => [key, true]), ...input.closed.map((key) => [key, false])]);
  const [row] = await sqlQuery<{ openSections: OpenChoices }>(
    `INSERT INTO release_view_states (user_id, release_id, open_sections, updated_at) VALUES ($1::uuid, $2::uuid, $3::jsonb, now())
     ON CONFLICT (user_id, release_id) DO UPDATE SET open_sections = release_view_states.open_sections || EXCLUDED.open_sections, updated_at = now()
     RETURNING open_sections AS "openSections"`,
    [user.id, input.releaseId, JSON.stringify(change)],
  );
  return row!.openSections;
}
