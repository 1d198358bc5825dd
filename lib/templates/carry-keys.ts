import type { TemplateDocument } from "./document";

/**
 * Gives a freshly parsed document the keys of a previous version wherever a
 * block, subsection or item has the same place and title, so re-importing a
 * checklist yields a meaningful diff and releases can follow their items.
 */
export function carryKeys(previous: TemplateDocument, next: TemplateDocument): TemplateDocument {
  const blockKeys = new Map(previous.blocks.map((block) => [`${block.kind}|${block.title}`, block]));
  const used = new Set<string>();
  const take = (key: string | undefined, fallback: string) => {
    if (key && !used.has(key)) {
      used.add(key);
      return key;
    }
    return fallback;
  };
  return {
    ...next,
    blocks: next.blocks.map((block) => {
      const old = blockKeys.get(`${block.kind}|${block.title}`);
      const key = take(old?.key, block.key);
      if ((block.kind !== "checklist" && block.kind !== "environments") || !old || (old.kind !== "checklist" && old.kind !== "environments")) {
        return { ...block, key };
      }
      const oldSubsections = new Map(old.subsections.map((subsection) => [subsection.title, subsection]));
      return {
        ...block,
        key,
        subsections: block.subsections.map((subsection) => {
          const oldSub = oldSubsections.get(subsection.title);
          // Several items may share a title: hand out their keys in order.
          const oldItems = new Map<string, string[]>();
          for (const item of oldSub?.items ?? []) {
            const id = `${item.title}|${item.command ?? ""}`;
            oldItems.set(id, [...(oldItems.get(id) ?? []), item.key]);
          }
          const nextKey = (id: string) => oldItems.get(id)?.find((key) => !used.has(key));
          return {
            ...subsection,
            key: take(oldSub?.key, subsection.key),
            items: subsection.items.map((item) => ({ ...item, key: take(nextKey(`${item.title}|${item.command ?? ""}`), item.key) })),
          };
        }),
      };
    }),
  };
}
