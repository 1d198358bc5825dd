/** A new key for an item, subsection or section: ten lowercase hex digits, like the importer's. */
export function newKey(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 10);
}
