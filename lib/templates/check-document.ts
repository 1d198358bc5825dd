import { AppError } from "../errors/app-error";
import { allItems, LIMITS, type TemplateDocument } from "./document";

/** Rules the zod schema cannot express: unique keys, the item limit, at least one item, known responsible roles. */
export function checkDocument(document: TemplateDocument): void {
  const keys = new Set<string>();
  const duplicate = (key: string) => {
    if (keys.has(key)) throw new AppError("BAD_REQUEST", "Two parts of the template share an id; reload the editor and try again.");
    keys.add(key);
  };
  for (const block of document.blocks) {
    duplicate(block.key);
    if (block.kind === "checklist" || block.kind === "environments") {
      for (const subsection of block.subsections) {
        duplicate(subsection.key);
        for (const item of subsection.items) duplicate(item.key);
      }
    }
  }
  const items = allItems(document);
  if (items.length === 0) throw new AppError("BAD_REQUEST", "A template needs at least one checklist item.", { document: ["Add at least one item."] });
  if (items.length > LIMITS.items) throw new AppError("BAD_REQUEST", `A template has at most ${LIMITS.items} items.`);
  const roles = new Set(document.blocks.flatMap((block) => (block.kind === "signoff" ? block.groups.flatMap((group) => group.roles) : [])));
  for (const block of document.blocks) {
    if (block.kind !== "checklist") continue;
    const unknown = block.responsibleRoles.filter((role) => !roles.has(role));
    if (unknown.length) {
      throw new AppError("BAD_REQUEST", `"${block.title}" names responsible roles that are not sign-off roles of the template: ${unknown.join(", ")}.`);
    }
  }
}
