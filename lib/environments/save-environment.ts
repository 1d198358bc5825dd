import "server-only";
import { db, Prisma, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";
import { createEnvironmentSchema, type CreateEnvironmentInput, updateEnvironmentSchema, type UpdateEnvironmentInput } from "./environment.schema";

type Snapshot = { key: string; name: string; requires: string[]; allowMultipleRolesPerSigner: boolean };

async function snapshot(tx: Tx, id: string): Promise<Snapshot> {
  const environment = await tx.environment.findUniqueOrThrow({ where: { id }, include: { gates: true } });
  const required = await tx.environment.findMany({ where: { id: { in: environment.gates.map((gate) => gate.requiresId) } }, select: { key: true } });
  return {
    key: environment.key,
    name: environment.name,
    requires: required.map((entry) => entry.key).sort(),
    allowMultipleRolesPerSigner: environment.allowMultipleRolesPerSigner,
  };
}

/** Gates may not point at the environment itself nor form a cycle (staging needs production needs staging). */
async function setGates(tx: Tx, environmentId: string, requires: string[]): Promise<void> {
  const targets = await tx.environment.findMany({ where: { projectId: DEFAULT_PROJECT_ID, key: { in: requires } }, select: { id: true, key: true } });
  const unknown = requires.filter((key) => !targets.some((target) => target.key === key));
  if (unknown.length) throw new AppError("BAD_REQUEST", `Unknown environment: ${unknown.join(", ")}.`, { requires: [`Unknown environment: ${unknown.join(", ")}.`] });
  if (targets.some((target) => target.id === environmentId)) {
    throw new AppError("BAD_REQUEST", "An environment cannot require itself.", { requires: ["An environment cannot require itself."] });
  }
  await tx.environmentGate.deleteMany({ where: { environmentId } });
  await tx.environmentGate.createMany({ data: targets.map((target) => ({ projectId: DEFAULT_PROJECT_ID, environmentId, requiresId: target.id })) });
  const [cycle] = await tx.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE reach(id) AS (
      SELECT requires_id FROM environment_gates WHERE environment_id = ${environmentId}::uuid
      UNION SELECT g.requires_id FROM environment_gates g JOIN reach r ON g.environment_id = r.id)
    SELECT EXISTS (SELECT 1 FROM reach WHERE id = ${environmentId}::uuid) AS found`;
  if (cycle?.found) throw new AppError("BAD_REQUEST", "These gates would form a cycle.", { requires: ["These gates would form a cycle."] });
}

export async function createEnvironment(context: AuditContext, raw: CreateEnvironmentInput): Promise<Snapshot> {
  const input = createEnvironmentSchema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const position = ((await tx.environment.aggregate({ _max: { position: true } }))._max.position ?? 0) + 1;
      const environment = await tx.environment.create({
        data: { projectId: DEFAULT_PROJECT_ID, key: input.key, name: input.name, position, allowMultipleRolesPerSigner: input.allowMultipleRolesPerSigner },
      });
      await setGates(tx, environment.id, input.requires);
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

/** Renames an environment, sets its gates, and whether one person may sign several roles there (recorded). */
export async function updateEnvironment(context: AuditContext, raw: UpdateEnvironmentInput): Promise<Snapshot> {
  const input = updateEnvironmentSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const environment = await tx.environment.findUnique({ where: { projectId_key: { projectId: DEFAULT_PROJECT_ID, key: input.key } }, select: { id: true } });
    if (!environment) throw new AppError("NOT_FOUND", "Environment not found.");
    await tx.$queryRaw`SELECT 1 FROM environments WHERE id = ${environment.id}::uuid FOR UPDATE`;
    const before = await snapshot(tx, environment.id);
    await tx.environment.update({ where: { id: environment.id }, data: { name: input.name, allowMultipleRolesPerSigner: input.allowMultipleRolesPerSigner } });
    await setGates(tx, environment.id, input.requires);
    const after = await snapshot(tx, environment.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await appendAuditEvent(tx, context, {
        type: "environment.updated",
        subject: { kind: "environment", id: environment.id, label: after.name },
        data: { before, after },
      });
    }
    return after;
  });
}
