import "server-only";
import { db, Prisma, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError, nameForMessage } from "../errors/app-error";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";
import { publishReleaseChange } from "../releases/notify";
import { DEFAULT_QUORUM, type RoleQuorums } from "../signoffs/quorum";
import { lockRelease, settleApproval } from "../signoffs/sign-off";
import { loadTemplateDocument } from "../templates/load-template-document";
import {
  createEnvironmentSchema,
  type CreateEnvironmentInput,
  isProductionLike,
  updateEnvironmentSchema,
  type UpdateEnvironmentInput,
} from "./environment.schema";

/** What the audit trail records of an environment, before and after each change (the policy included: docs/decisions/023). */
export type EnvironmentSnapshot = {
  key: string;
  name: string;
  requires: string[];
  allowMultipleRolesPerSigner: boolean;
  creatorMayNotSign: boolean;
  tickerMayNotSign: boolean;
  /** Signatures must be made with a passkey (docs/decisions/024). */
  requirePasskey: boolean;
  /** Role name -> signers needed, only roles needing more than one, by name. */
  quorums: RoleQuorums;
};

async function snapshot(tx: Tx, id: string): Promise<EnvironmentSnapshot> {
  const environment = await tx.environment.findUniqueOrThrow({
    where: { id },
    include: { gates: true, quorums: { select: { quorum: true, role: { select: { name: true } } } } },
  });
  const required = await tx.environment.findMany({ where: { id: { in: environment.gates.map((gate) => gate.requiresId) } }, select: { key: true } });
  const quorums: RoleQuorums = {};
  for (const row of [...environment.quorums].sort((a, b) => (a.role.name < b.role.name ? -1 : a.role.name > b.role.name ? 1 : 0))) quorums[row.role.name] = row.quorum;
  return {
    key: environment.key,
    name: environment.name,
    requires: required.map((entry) => entry.key).sort(),
    allowMultipleRolesPerSigner: environment.allowMultipleRolesPerSigner,
    creatorMayNotSign: environment.creatorMayNotSign,
    tickerMayNotSign: environment.tickerMayNotSign,
    requirePasskey: environment.requirePasskey,
    quorums,
  };
}

/** Gates may not point at the environment itself nor form a cycle (staging needs production needs staging). */
async function setGates(tx: Tx, projectId: string, environmentId: string, requires: string[]): Promise<void> {
  const targets = await tx.environment.findMany({ where: { projectId, key: { in: requires } }, select: { id: true, key: true } });
  const unknown = requires.filter((key) => !targets.some((target) => target.key === key));
  if (unknown.length) throw new AppError("BAD_REQUEST", `Unknown environment: ${unknown.join(", ")}.`, { requires: [`Unknown environment: ${unknown.join(", ")}.`] });
  if (targets.some((target) => target.id === environmentId)) {
    throw new AppError("BAD_REQUEST", "An environment cannot require itself.", { requires: ["An environment cannot require itself."] });
  }
  await tx.environmentGate.deleteMany({ where: { environmentId } });
  await tx.environmentGate.createMany({ data: targets.map((target) => ({ projectId, environmentId, requiresId: target.id })) });
  const [cycle] = await tx.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE reach(id) AS (
      SELECT requires_id FROM environment_gates WHERE environment_id = ${environmentId}::uuid
      UNION SELECT g.requires_id FROM environment_gates g JOIN reach r ON g.environment_id = r.id)
    SELECT EXISTS (SELECT 1 FROM reach WHERE id = ${environmentId}::uuid) AS found`;
  if (cycle?.found) throw new AppError("BAD_REQUEST", "These gates would form a cycle.", { requires: ["These gates would form a cycle."] });
}

const holdersWord = (count: number) => (count === 0 ? "no holder" : `${count} holder${count === 1 ? "" : "s"}`);

/**
 * Checks every quorum against the organisation's sign-off roles and the
 * project's active holders of each (a quorum above them could never be met),
 * then replaces the environment's quorums. One signer (the default) is no row.
 * Every refusal names the role's field; the caller's transaction rolls back.
 */
async function setQuorums(tx: Tx, projectId: string, environmentId: string, quorums: RoleQuorums): Promise<void> {
  const names = Object.keys(quorums);
  const roles = await tx.signoffRole.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true, holders: { where: { projectId, user: { disabledAt: null } }, select: { userId: true } } },
  });
  const fields: Record<string, string[]> = {};
  for (const name of names) {
    const role = roles.find((entry) => entry.name === name);
    const quorum = quorums[name]!;
    // A name that is not name-like is never echoed back, not even as a field key.
    if (!role) fields[nameForMessage(name, "") ? `quorums.${name}` : "quorums"] = [`${nameForMessage(name, "That")} is not a sign-off role.`];
    else if (quorum > DEFAULT_QUORUM && quorum > role.holders.length) {
      fields[`quorums.${name}`] = [`${name} has ${holdersWord(role.holders.length)} in this project; a quorum of ${quorum} could never be met.`];
    }
  }
  const refused = Object.entries(fields);
  if (refused.length > 0) throw new AppError("BAD_REQUEST", refused.map(([, [message]]) => message).join(" "), fields);
  await tx.environmentRoleQuorum.deleteMany({ where: { environmentId } });
  await tx.environmentRoleQuorum.createMany({
    data: roles.filter((role) => quorums[role.name]! > DEFAULT_QUORUM).map((role) => ({ environmentId, roleId: role.id, quorum: quorums[role.name]! })),
  });
}

/**
 * After the quorums changed: every release of the environment still waiting
 * for or holding its approval is settled again under the new quorums, each
 * under its row lock (approved only when every role has its quorum, docs/decisions/023).
 * Returns the releases to tell open browsers about after the commit.
 */
async function resettleReleases(tx: Tx, context: AuditContext, environmentId: string, environmentName: string): Promise<string[]> {
  const open = await tx.release.findMany({ where: { environmentId, status: { in: ["awaiting_signoff", "approved"] } }, select: { id: true }, orderBy: { id: "asc" } });
  for (const { id } of open) {
    const release = await lockRelease(tx, id);
    if (release.status !== "awaiting_signoff" && release.status !== "approved") continue;
    await settleApproval(tx, context, release, await loadTemplateDocument(release.templateVersionId), `the sign-off quorums of ${environmentName} changed`);
  }
  return open.map((release) => release.id);
}

/**
 * Adds an environment to a project (the default project until the project
 * pages pass theirs): its gates and its separation-of-duties policy. An
 * environment named production starts with "the creator may not sign" on
 * unless the input says otherwise.
 */
export async function createEnvironment(context: AuditContext, raw: CreateEnvironmentInput, projectId: string = DEFAULT_PROJECT_ID): Promise<EnvironmentSnapshot> {
  const input = createEnvironmentSchema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const position = ((await tx.environment.aggregate({ where: { projectId }, _max: { position: true } }))._max.position ?? 0) + 1;
      const environment = await tx.environment.create({
        data: {
          projectId,
          key: input.key,
          name: input.name,
          position,
          allowMultipleRolesPerSigner: input.allowMultipleRolesPerSigner,
          creatorMayNotSign: input.creatorMayNotSign ?? isProductionLike(input.key, input.name),
          tickerMayNotSign: input.tickerMayNotSign ?? false,
          requirePasskey: input.requirePasskey ?? false,
        },
      });
      await setGates(tx, projectId, environment.id, input.requires);
      await setQuorums(tx, projectId, environment.id, input.quorums ?? {});
      const after = await snapshot(tx, environment.id);
      await appendAuditEvent(tx, context, {
        type: "environment.created",
        subject: { kind: "environment", id: environment.id, label: environment.name },
        data: { after },
      });
      return after;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", `An environment with the key "${input.key}" exists.`, { key: [`An environment with the key "${input.key}" exists.`] });
    }
    throw error;
  }
}

/**
 * Renames an environment, sets its gates, whether one person may sign several
 * roles there, and its separation-of-duties policy (a policy setting left out
 * stays as it is). Recorded with before and after; a change of quorums
 * settles the environment's open releases again.
 */
export async function updateEnvironment(context: AuditContext, raw: UpdateEnvironmentInput, projectId: string = DEFAULT_PROJECT_ID): Promise<EnvironmentSnapshot> {
  const input = updateEnvironmentSchema.parse(raw);
  const { after, resettled } = await db.$transaction(async (tx) => {
    const environment = await tx.environment.findUnique({ where: { projectId_key: { projectId, key: input.key } }, select: { id: true } });
    if (!environment) throw new AppError("NOT_FOUND", "Environment not found.");
    await tx.$queryRaw`SELECT 1 FROM environments WHERE id = ${environment.id}::uuid FOR UPDATE`;
    const before = await snapshot(tx, environment.id);
    await tx.environment.update({
      where: { id: environment.id },
      data: {
        name: input.name,
        allowMultipleRolesPerSigner: input.allowMultipleRolesPerSigner,
        ...(input.creatorMayNotSign === undefined ? {} : { creatorMayNotSign: input.creatorMayNotSign }),
        ...(input.tickerMayNotSign === undefined ? {} : { tickerMayNotSign: input.tickerMayNotSign }),
        ...(input.requirePasskey === undefined ? {} : { requirePasskey: input.requirePasskey }),
      },
    });
    await setGates(tx, projectId, environment.id, input.requires);
    if (input.quorums !== undefined) await setQuorums(tx, projectId, environment.id, input.quorums);
    const after = await snapshot(tx, environment.id);
    if (JSON.stringify(before) === JSON.stringify(after)) return { after, resettled: [] };
    await appendAuditEvent(tx, context, {
      type: "environment.updated",
      subject: { kind: "environment", id: environment.id, label: after.name },
      data: { before, after },
    });
    const quorumsChanged = JSON.stringify(before.quorums) !== JSON.stringify(after.quorums);
    return { after, resettled: quorumsChanged ? await resettleReleases(tx, context, environment.id, after.name) : [] };
  });
  for (const releaseId of resettled) await publishReleaseChange({ releaseId, kind: "signoff" });
  return after;
}
