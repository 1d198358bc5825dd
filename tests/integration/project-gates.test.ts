import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { createEnvironment, updateEnvironment } from "../../lib/environments/save-environment";
import { createProject } from "../../lib/projects/create-project";
import { createRelease } from "../../lib/releases/create-release";
import { getGateWaits } from "../../lib/releases/get-gate-waits";
import { listEvents } from "../../lib/audit/list-events";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, refusalOf, setReleaseStatusAsOwner, SMALL_CHECKLIST } from "../support/releases";
import { testContext } from "../support/users";

/**
 * Issue 11: gates read within one project. A gate cannot name another
 * project's environment (the use case refuses it, naming the field; the
 * database's composite keys refuse it even to a direct write), and an
 * approval in another project never satisfies a gate.
 */

const context = setupTestDatabase();
const admin = testContext();
const key = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

let a: { id: string; key: string };
let b: { id: string; key: string };

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  a = await createProject(admin, { key: key("mgit"), name: "mgit CLI" });
  b = await createProject(admin, { key: key("billing"), name: "Billing service" });
  await createEnvironment(admin, { key: "qa-b", name: "QA (billing)", requires: [] }, b.id);
});

async function gateCounts() {
  return { gates: await db.environmentGate.count(), events: await db.auditEvent.count() };
}

describe("gates stay inside their project", () => {
  it("refuses a gate on another project's environment, naming the field, and writes nothing", async () => {
    const before = await gateCounts();
    const refusal = await refusalOf(updateEnvironment(admin, { key: "production", name: "Production", requires: ["staging", "qa-b"] }, a.id));
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.fields.requires?.join(" ")).toMatch(/Unknown environment: qa-b/);
    expect(await gateCounts()).toEqual(before);
  });

  it("the database refuses a cross-project gate written directly", async () => {
    const aProduction = await db.environment.findUniqueOrThrow({ where: { projectId_key: { projectId: a.id, key: "production" } } });
    const bQa = await db.environment.findUniqueOrThrow({ where: { projectId_key: { projectId: b.id, key: "qa-b" } } });
    await expect(db.environmentGate.create({ data: { projectId: a.id, environmentId: aProduction.id, requiresId: bQa.id } })).rejects.toThrow();
    await expect(db.environmentGate.create({ data: { projectId: b.id, environmentId: aProduction.id, requiresId: bQa.id } })).rejects.toThrow();
    expect(await db.environmentGate.count({ where: { requiresId: bQa.id } })).toBe(0);
  });

  it("an approved staging release of the same version in another project does not open production here", async () => {
    const version = randomVersion();
    const aTemplate = await importMarkdownTemplate(SMALL_CHECKLIST, "Gate A", a.id);
    const bTemplate = await importMarkdownTemplate(SMALL_CHECKLIST, "Gate B", b.id);
    // Both projects may have a staging release of the same version (release identity is project + version + environment).
    const bStaging = await createRelease(admin, { templateId: bTemplate, version, environment: "staging" });
    const aStaging = await createRelease(admin, { templateId: aTemplate, version, environment: "staging" });
    expect(aStaging.id).not.toBe(bStaging.id);
    await setReleaseStatusAsOwner(context.database, bStaging.id, "approved");

    const refusal = await refusalOf(createRelease(admin, { templateId: aTemplate, version, environment: "production" }));
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.message).toContain(`needs ${version} approved in Staging first`);
    // It waits for this project's staging release, not billing's.
    expect(JSON.stringify(refusal.details)).toContain(aStaging.id);
    expect(JSON.stringify(refusal.details)).not.toContain(bStaging.id);

    // The refusal names this project and the release's progress: items, and signatures against each role's quorum (Tech Lead needs two here).
    const aStagingEnvironment = await db.environment.findUniqueOrThrow({ where: { projectId_key: { projectId: a.id, key: "staging" } } });
    const techLead = await db.signoffRole.findUniqueOrThrow({ where: { name: "Tech Lead" } });
    await db.environmentRoleQuorum.create({ data: { environmentId: aStagingEnvironment.id, roleId: techLead.id, quorum: 2 } });
    const counted = await refusalOf(createRelease(admin, { templateId: aTemplate, version, environment: "production" }));
    expect(counted.details).toEqual({
      waitingFor: [
        {
          environment: { key: "staging", name: "Staging" },
          project: { key: a.key, name: "mgit CLI" },
          release: { id: aStaging.id, status: "draft", itemsDone: 0, itemsTotal: 4, signaturesDone: 0, signaturesNeeded: 2 },
        },
      ],
    });
    expect(counted.message).toBe(`Production ${version} needs ${version} approved in Staging first. Waiting for mgit CLI ${version} on Staging — 0/4 items, 0/2 sign-offs (draft).`);

    await setReleaseStatusAsOwner(context.database, aStaging.id, "approved");
    const production = await createRelease(admin, { templateId: aTemplate, version, environment: "production" });
    expect(production.environment).toBe("production");

    // The release page's notice: none while staging stays approved; when staging is reopened, production waits for it again.
    expect(await getGateWaits(production.id)).toEqual([]);
    await setReleaseStatusAsOwner(context.database, aStaging.id, "awaiting_signoff");
    const [wait] = await getGateWaits(production.id);
    expect(wait).toMatchObject({ project: { key: a.key }, release: { id: aStaging.id, status: "awaiting_signoff", signaturesNeeded: 2 } });
    // A finished release waits for nothing.
    await setReleaseStatusAsOwner(context.database, production.id, "cancelled");
    expect(await getGateWaits(production.id)).toEqual([]);
  });
});

describe("the audit log of an auditor scoped to one project", () => {
  it("lists only the events of that project's releases; an organisation-wide auditor sees every project's and the organisation's", async () => {
    const aRelease = await createRelease(admin, { templateId: await importMarkdownTemplate(SMALL_CHECKLIST, "Log A", a.id), version: randomVersion(), environment: "staging" });
    const bRelease = await createRelease(admin, { templateId: await importMarkdownTemplate(SMALL_CHECKLIST, "Log B", b.id), version: randomVersion(), environment: "staging" });
    const scoped = await listEvents({ limit: 200 }, { appRole: "auditor", auditorProjectIds: [a.id] });
    const chains = new Set(scoped.events.map((event) => event.chain));
    expect(chains.has(`release:${aRelease.id}`)).toBe(true);
    expect(chains.has(`release:${bRelease.id}`)).toBe(false);
    expect(chains.has("global")).toBe(false);
    const wide = await listEvents({ limit: 200 }, { appRole: "auditor", auditorProjectIds: null });
    const wideChains = new Set(wide.events.map((event) => event.chain));
    expect(wideChains.has(`release:${bRelease.id}`)).toBe(true);
    expect(wideChains.has("global")).toBe(true);
  });
});
