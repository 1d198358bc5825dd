import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../../lib/audit/release-history";
import { CompareForm } from "../../components/archive/compare-moments";

/** The archive's "Compare two moments" form: every event as a choice on a short history, event numbers on a long one (issue 17). */

const event = (seq: number): TimelineEvent => ({
  seq,
  type: "item.updated",
  occurredAt: new Date(Date.UTC(2026, 11, 6, 9, 26, seq)).toISOString(),
  actor: { kind: "user", id: "bot", name: "Build Bot" },
  sentence: `Build Bot ticked item ${seq}`,
  hash: `h${seq}`,
});

describe("CompareForm", () => {
  it("offers each event by its sentence when given the events", () => {
    const html = renderToStaticMarkup(createElement(CompareForm, { releaseId: "r1", choices: [event(1), event(2), event(3)] }));
    expect(html.match(/<option /g)).toHaveLength(6);
    expect(html).toContain("Build Bot ticked item 2");
    expect(html).not.toContain('type="number"');
  });

  it("takes event numbers from 1 to the last when given only the last one, with the chosen moments kept", () => {
    const html = renderToStaticMarkup(createElement(CompareForm, { releaseId: "r1", choices: { head: 1003 }, from: 5, to: 900 }));
    expect(html).not.toContain("<option");
    expect(html.match(/type="number"/g)).toHaveLength(2);
    expect(html).toContain('max="1003"');
    expect(html).toMatch(/name="from"[^>]*value="5"|value="5"[^>]*name="from"/);
    expect(html).toMatch(/name="to"[^>]*value="900"|value="900"[^>]*name="to"/);
    expect(html).toContain("1 to 1003, as numbered in the timeline.");
  });
});
