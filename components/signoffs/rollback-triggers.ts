import type { ReleaseView } from "@/lib/releases/get-release";

const TRIGGER_HEADING = /rollback triggers?/i;
const BULLET = /^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?(.+?)\s*$/;
const HEADING = /^\s*#{1,6}\s+(.+?)\s*#*\s*$/;

/**
 * The rollback triggers a template names, as suggestions for "Mark rolled
 * back": the items of a "Rollback Triggers" checklist subsection and the
 * bullets under a "… Rollback Triggers" heading of a runbook.
 */
export function rollbackTriggers(view: Pick<ReleaseView, "sections" | "runbooks">): string[] {
  const found: string[] = [];
  for (const section of view.sections) {
    for (const subsection of section.subsections) {
      if (TRIGGER_HEADING.test(subsection.title)) found.push(...subsection.items.map((item) => item.title));
    }
  }
  for (const runbook of view.runbooks) {
    let inTriggers = TRIGGER_HEADING.test(runbook.title);
    let inFence = false;
    for (const line of runbook.markdown.split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) continue;
      const heading = HEADING.exec(line);
      if (heading) {
        inTriggers = TRIGGER_HEADING.test(heading[1] ?? "");
        continue;
      }
      const bullet = inTriggers ? BULLET.exec(line) : null;
      if (bullet?.[1]) found.push(bullet[1]);
    }
  }
  return [...new Set(found.map((text) => text.trim()).filter(Boolean))].slice(0, 20);
}
