import { randomBytes } from "node:crypto";
import { randomUserSpec, type UserSpec } from "../../lib/seed/factories";
import { type AuditContext, systemContext } from "../../lib/audit/actor";
import { createUser, type CreatedUser } from "../../lib/users/create-user";

export type TestUser = CreatedUser & { password: string; spec: UserSpec };

export function randomPassword(): string {
  return `pw-${randomBytes(12).toString("base64url")}`;
}

/** Creates a user through the real use case, from the shared seed factory (random email). */
export async function createTestUser(overrides: Partial<UserSpec> = {}): Promise<TestUser> {
  const spec = randomUserSpec(overrides);
  const password = randomPassword();
  const created = await createUser(testContext(), { ...spec, password });
  return { ...created, password, spec };
}

/** The audit context a use case receives: a system actor, or a user actor with the given id. */
export function testContext(actorId?: string): AuditContext {
  return actorId
    ? { actor: { kind: "user", id: actorId, name: "Test Actor", email: "actor@example.test", appRole: "admin", signoffRoles: [] }, origin: { address: "127.0.0.1", userAgent: "vitest" } }
    : systemContext("test");
}
