import { describe, expect, it } from "vitest";
import { OPEN_ITEMS_NAMED, ownWorkItems, SEPARATION_RULES, type SigningFacts, signingBlocker } from "../../lib/signoffs/can-sign";

/** A release ready for Tech Lead and QA Lead; QA Lead covers only the items listed for it. */
function facts(overrides: Partial<SigningFacts> = {}): SigningFacts {
  const all = new Set(["a", "b", "c", "d", "e"]);
  const qa = new Set(["e"]);
  return {
    release: { status: "awaiting_signoff", version: "2.4.0", environmentName: "Staging", allowMultipleRolesPerSigner: false, creatorMayNotSign: false, tickerMayNotSign: false },
    templateRoles: ["Tech Lead", "QA Lead"],
    mySignedRoles: [],
    signedRoles: [],
    quorums: {},
    createdByMe: false,
    tickedByMe: [],
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
      "Separation of duties (one person, one role): you already signed this release as Tech Lead; in Staging one person signs one role.",
    );
    const multi = facts({ release: { ...facts().release, allowMultipleRolesPerSigner: true }, mySignedRoles: ["Tech Lead"], signedRoles: ["Tech Lead"] });
    expect(signingBlocker(multi, "QA Lead")).toBeNull();
    expect(signingBlocker(facts({ signedRoles: ["QA Lead"] }), "QA Lead")?.message).toBe("QA Lead needs 1 signer; 1 signed already.");
    const waiting = {
      environment: { key: "staging", name: "Staging" },
      project: { key: "mgit", name: "mgit" },
      release: { id: "r1", status: "in_progress" as const, itemsDone: 40, itemsTotal: 109, signaturesDone: 3, signaturesNeeded: 8 },
    };
    expect(signingBlocker(facts({ unmetGates: [waiting] }), "Tech Lead")?.message).toBe(
      "Staging 2.4.0 needs 2.4.0 approved in Staging first. Waiting for mgit 2.4.0 on Staging — 40/109 items, 3/8 sign-offs (in progress).",
    );
    expect(signingBlocker(facts({ unmetGates: [{ ...waiting, release: null }] }), "Tech Lead")?.message).toBe(
      "Staging 2.4.0 needs 2.4.0 approved in Staging first. There is no Staging 2.4.0 release yet.",
    );
  });

  it("reports the first reason that applies: a finished release before open items", () => {
    const both = facts({ release: { ...facts().release, status: "cancelled" }, openRequired: [{ key: "a", title: "A" }] });
    expect(signingBlocker(both, "Tech Lead")?.message).toMatch(/cancelled/);
  });
});

/** Production, where the policy is on; the user holds Tech Lead. */
function production(overrides: Partial<SigningFacts> = {}, policy: Partial<SigningFacts["release"]> = {}): SigningFacts {
  const base = facts(overrides);
  return { ...base, release: { ...base.release, environmentName: "Production", creatorMayNotSign: true, tickerMayNotSign: true, ...policy } };
}

describe("signingBlocker: separation of duties, each refusal naming its rule", () => {
  it("refuses the release's creator when the environment says so, and only then", () => {
    const blocker = signingBlocker(production({ createdByMe: true }), "Tech Lead");
    expect(blocker).toEqual({
      code: "CONFLICT",
      message: "Separation of duties (creator may not sign): you created this release; in Production its creator may not sign it.",
      details: { rule: SEPARATION_RULES.creator },
    });
    expect(signingBlocker(production({ createdByMe: true }, { creatorMayNotSign: false }), "Tech Lead")).toBeNull();
    expect(signingBlocker(production({ createdByMe: false }), "Tech Lead")).toBeNull();
  });

  it("refuses whoever ticked an item the role covers when the environment says so, naming the items; other roles stay open to them", () => {
    const titled = production({ tickedByMe: ["a", "b"], titleOf: (key) => `Item ${key} of X.Y.Z` });
    expect(signingBlocker(titled, "Tech Lead")).toEqual({
      code: "CONFLICT",
      message:
        "Separation of duties (no signing your own work): you ticked 2 items that Tech Lead covers (“Item a of 2.4.0”, “Item b of 2.4.0”); in Production whoever ticks an item may not sign a role that covers it.",
      details: { rule: SEPARATION_RULES.ticker },
    });
    // QA Lead covers only "e", which this user did not tick.
    expect(signingBlocker(titled, "QA Lead")).toBeNull();
    expect(signingBlocker(production({ tickedByMe: ["e"] }), "QA Lead")?.message).toMatch(/^Separation of duties \(no signing your own work\): you ticked an item that QA Lead covers \(“e”\)/);
  });

  it("lets the ticker sign when the environment allows it, and says which items make it own work", () => {
    const allowed = production({ tickedByMe: ["a", "e"] }, { tickerMayNotSign: false });
    expect(signingBlocker(allowed, "Tech Lead")).toBeNull();
    expect(ownWorkItems(allowed, "Tech Lead")).toEqual(["a", "e"]);
    expect(ownWorkItems(allowed, "QA Lead")).toEqual(["e"]);
    expect(ownWorkItems(production({ tickedByMe: [] }), "Tech Lead")).toEqual([]);
  });

  it("names one person, one role before the creator rule, and the creator rule before open items and gates", () => {
    const everything = production({ mySignedRoles: ["QA Lead"], signedRoles: ["QA Lead"], createdByMe: true, openRequired: [{ key: "a", title: "A" }] });
    expect(signingBlocker(everything, "Tech Lead")?.message).toMatch(/^Separation of duties \(one person, one role\)/);
    expect(signingBlocker({ ...everything, mySignedRoles: [], signedRoles: [] }, "Tech Lead")?.message).toMatch(/^Separation of duties \(creator may not sign\)/);
  });
});

describe("signingBlocker: quorum", () => {
  it("keeps a role open until it has its quorum of live signatures, then refuses with N and K", () => {
    const two = { quorums: { "Tech Lead": 2 } };
    expect(signingBlocker(facts({ ...two, signedRoles: ["Tech Lead"] }), "Tech Lead")).toBeNull();
    expect(signingBlocker(facts({ ...two, signedRoles: ["Tech Lead", "Tech Lead"] }), "Tech Lead")).toEqual({
      code: "CONFLICT",
      message: "Tech Lead needs 2 signers; 2 signed already.",
      details: { quorum: 2, signed: 2 },
    });
    // Another role's signatures do not count towards it.
    expect(signingBlocker(facts({ ...two, signedRoles: ["QA Lead", "Tech Lead"] }), "Tech Lead")).toBeNull();
  });

  it("never lets one person fill a quorum twice", () => {
    const mine = facts({ quorums: { "Tech Lead": 3 }, mySignedRoles: ["Tech Lead"], signedRoles: ["Tech Lead"] });
    expect(signingBlocker(mine, "Tech Lead")?.message).toBe("You have already signed as Tech Lead.");
  });
});

describe("signingBlocker: passkey signatures required (docs/decisions/024)", () => {
  const strict = (overrides: Partial<SigningFacts> = {}) => facts({ release: { ...facts().release, environmentName: "Production", requirePasskey: true }, ...overrides });

  it("asks a signer without a passkey to add one, and refuses a password confirmation by name", () => {
    expect(signingBlocker(strict({ signerPasskeys: 0 }), "Tech Lead")).toEqual({
      code: "CONFLICT",
      message: "Production requires passkey signatures (passkey signatures required): add a passkey on your profile, then sign with it.",
      details: { rule: "passkey signatures required" },
    });
    expect(signingBlocker(strict({ signerPasskeys: 1 }), "Tech Lead", "password")).toMatchObject({
      message: "Production requires passkey signatures (passkey signatures required): sign with your passkey, not your password.",
      fields: { password: ["Production requires a passkey signature."] },
    });
    // The sign button (no method yet) and a passkey signature pass.
    expect(signingBlocker(strict({ signerPasskeys: 1 }), "Tech Lead")).toBeNull();
    expect(signingBlocker(strict({ signerPasskeys: 1 }), "Tech Lead", "passkey")).toBeNull();
  });

  it("does nothing where not required, and comes after separation of duties", () => {
    expect(signingBlocker(facts({ signerPasskeys: 0 }), "Tech Lead", "password")).toBeNull();
    const creator = strict({ signerPasskeys: 0, createdByMe: true, release: { ...strict().release, creatorMayNotSign: true } });
    expect(signingBlocker(creator, "Tech Lead")?.message).toMatch(/^Separation of duties \(creator may not sign\)/);
  });
});
