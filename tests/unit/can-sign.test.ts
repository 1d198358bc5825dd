import { describe, expect, it } from "vitest";
import { OPEN_ITEMS_NAMED, type SigningFacts, signingBlocker } from "../../lib/signoffs/can-sign";

/** A release ready for Tech Lead and QA Lead; QA Lead covers only the items listed for it. */
function facts(overrides: Partial<SigningFacts> = {}): SigningFacts {
  const all = new Set(["a", "b", "c", "d", "e"]);
  const qa = new Set(["e"]);
  return {
    release: { status: "awaiting_signoff", version: "2.4.0", environmentName: "Staging", allowMultipleRolesPerSigner: false },
    templateRoles: ["Tech Lead", "QA Lead"],
    mySignedRoles: [],
    signedRoles: [],
    openRequired: [],
    coveredBy: (role) => (role === "QA Lead" ? qa : all),
    unmetGates: [],
    ...overrides,
  };
}

describe("signingBlocker: one rule for the sign button and the signing", () => {
  it("lets a held, unsigned role of a ready release sign", () => {
    expect(signingBlocker(facts(), "Tech Lead")).toBeNull();
  });

  it("counts the open required items the role covers and names the first few, the version filled in", () => {
    const open = ["a", "b", "c", "d"].map((key) => ({ key, title: `Item ${key} for X.Y.Z` }));
    const blocker = signingBlocker(facts({ openRequired: open }), "Tech Lead");
    expect(OPEN_ITEMS_NAMED).toBe(3);
    expect(blocker).toEqual({
      code: "CONFLICT",
      message: "4 required items are still open: “Item a for 2.4.0”, “Item b for 2.4.0”, “Item c for 2.4.0”, ….",
      details: { open: open.map((item) => item.title.replace("X.Y.Z", "2.4.0")) },
    });
    // QA Lead covers only "e": the same open items do not hold it back.
    expect(signingBlocker(facts({ openRequired: open }), "QA Lead")).toBeNull();
    expect(signingBlocker(facts({ openRequired: [{ key: "e", title: "Smoke tests" }] }), "QA Lead")?.message).toBe("1 required item is still open: “Smoke tests”.");
  });

  it("refuses a finished release, a role outside the template, a role signed already, a second role, and unmet gates, each with its reason", () => {
    expect(signingBlocker(facts({ release: { ...facts().release, status: "rolled_back" } }), "Tech Lead")?.message).toBe(
      "This release is rolled back; it can no longer be signed.",
    );
    expect(signingBlocker(facts(), "Release Captain")).toMatchObject({ code: "BAD_REQUEST", fields: { role: ["Not a sign-off role of this release."] } });
    expect(signingBlocker(facts({ mySignedRoles: ["Tech Lead"], signedRoles: ["Tech Lead"] }), "Tech Lead")?.message).toBe("You have already signed as Tech Lead.");
    expect(signingBlocker(facts({ mySignedRoles: ["Tech Lead"], signedRoles: ["Tech Lead"] }), "QA Lead")?.message).toBe(
      "You already signed this release as Tech Lead; in Staging one person signs one role.",
    );
    const multi = facts({ release: { ...facts().release, allowMultipleRolesPerSigner: true }, mySignedRoles: ["Tech Lead"], signedRoles: ["Tech Lead"] });
    expect(signingBlocker(multi, "QA Lead")).toBeNull();
    expect(signingBlocker(facts({ signedRoles: ["QA Lead"] }), "QA Lead")?.message).toMatch(/^Someone else signed as QA Lead already/);
    const waiting = { environment: { key: "staging", name: "Staging" }, release: { id: "r1", status: "in_progress" as const, itemsDone: 40, itemsTotal: 109 } };
    expect(signingBlocker(facts({ unmetGates: [waiting] }), "Tech Lead")?.message).toBe(
      "Staging 2.4.0 needs 2.4.0 approved in Staging first. Staging 2.4.0: in progress, 40 of 109 items done or N/A.",
    );
  });

  it("reports the first reason that applies: a finished release before open items", () => {
    const both = facts({ release: { ...facts().release, status: "cancelled" }, openRequired: [{ key: "a", title: "A" }] });
    expect(signingBlocker(both, "Tech Lead")?.message).toMatch(/cancelled/);
  });
});
