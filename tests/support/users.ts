import { randomBytes } from "node:crypto";
import { randomUserSpec, type UserSpec } from "../../lib/seed/factories";
import { createUser, type CreatedUser } from "../../lib/users/create-user";

export type TestUser = CreatedUser & { password: string; spec: UserSpec };

export function randomPassword(): string {
  return `pw-${randomBytes(12).toString("base64url")}`;
}

/** Creates a user through the real use case, from the shared seed factory (random email). */
export async function createTestUser(overrides: Partial<UserSpec> = {}): Promise<TestUser> {
  const spec = randomUserSpec(overrides);
  const password = randomPassword();
  const created = await createUser({ ...spec, password });
  return { ...created, password, spec };
}
