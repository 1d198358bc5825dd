import { describe, expect, it } from "vitest";
import type { ReleaseItemView, ReleaseView } from "../../lib/releases/get-release";
import type { ItemStateView } from "../../lib/releases/set-item-state";
import { packView, unpackView } from "../../components/releases/packed-view";

const state = (itemKey: string, change: Partial<ItemStateView> = {}): ItemStateView => ({
  itemKey,
  status: "open",
  reason: null,
  note: null,
  evidenceLinks: [],
  assigneeId: null,
  updatedByName: null,
  updatedAt: null,
  version: 1,
  ...change,
});

const items: ReleaseItemView[] = [
  { key: "a", title: "Untouched", required: true, state: state("a") },
  { key: "b", title: "Ticked", required: true, state: state("b", { status: "done", updatedByName: "Ann", updatedAt: "2026-12-06T10:00:00.000Z", version: 4 }) },
  { key: "c", title: "Assigned only", required: true, state: state("c", { assigneeId: "0b4a2a4e-0000-4000-8000-000000000001", version: 2 }) },
  {
    key: "d",
    title: "Everything",
    required: false,
    phase: "Deployment",
    command: "make deploy VERSION=1.2.3",
    state: state("d", {
      status: "blocked",
      reason: "Waiting for the DBA",
      note: "",
      evidenceLinks: ["https://ci.example.com/1", "https://ci.example.com/2"],
      assigneeId: "0b4a2a4e-0000-4000-8000-000000000002",
      updatedByName: "Bob",
      updatedAt: "2026-12-06T11:00:00.000Z",
      version: 9,
    }),
  },
  { key: "e", title: "N/A with a note", required: true, state: state("e", { status: "na", reason: "No database", note: "Checked with ops", version: 3 }) },
];

const view = {
  id: "r1",
  version: "1.2.3",
  status: "in_progress",
  project: { id: "p1", key: "default", name: "Default" },
  environment: { key: "staging", name: "Staging" },
  template: { id: "t1", name: "T", version: 1 },
  createdAt: "2026-12-06T09:00:00.000Z",
  updatedAt: "2026-12-06T11:00:00.000Z",
  progress: { itemsTotal: 5, itemsDone: 2, requiredOpen: 2, blockedCount: 1 },
  description: "",
  sections: [
    { key: "s1", kind: "checklist", title: "One", note: "A note", subsections: [{ key: "u1", title: "Sub", items: items.slice(0, 3) }] },
    { key: "s2", kind: "environments", title: "Two", subsections: [{ key: "u2", title: "", note: "n", items: items.slice(3) }] },
  ],
  runbooks: [],
  notes: [],
  signoffGroups: [],
  signoffQuorums: {},
  contacts: [],
  closingNote: "",
} satisfies ReleaseView;

describe("the release page's packed checklist", () => {
  it("unpacks to exactly the view it was packed from, every field of every item kept", () => {
    expect(unpackView(packView(view))).toEqual(view);
    // And through JSON, as it travels in the page.
    expect(unpackView(JSON.parse(JSON.stringify(packView(view))))).toEqual(view);
  });

  it("is much smaller than the keyed objects", () => {
    const packed = JSON.stringify(packView(view).sections).length;
    const plain = JSON.stringify(view.sections).length;
    expect(packed).toBeLessThan(plain * 0.6);
    // An untouched required item is its key, title, status and version.
    expect(packView(view).sections[0]!.subsections[0]!.items[0]).toEqual(["a", "Untouched", ["open", 1]]);
  });
});
