import { randomUUID } from "node:crypto";
import type { AppRole } from "../db/client";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";

/** Seed factories shared by the demo seed and the tests. */

export type UserSpec = {
  email: string;
  name: string;
  appRole: AppRole;
  signoffRoles: string[];
  label: string;
};

const SIGNER_NAMES = [
  "Tara Lead",
  "Devon Ops",
  "Quinn Assure",
  "Sasha Reliability",
  "Sam Secure",
  "Pat Platform",
  "Priya Product",
  "Morgan Manager",
];

export function demoUsers(domain = "countersign.test"): UserSpec[] {
  return [
    { email: `admin@${domain}`, name: "Ada Admin", appRole: "admin", signoffRoles: [], label: "admin" },
    { email: `member@${domain}`, name: "Max Member", appRole: "member", signoffRoles: [], label: "member" },
    { email: `auditor@${domain}`, name: "Aud Itor", appRole: "auditor", signoffRoles: [], label: "auditor" },
    ...DEFAULT_SIGNOFF_ROLES.map((role, index) => ({
      email: `${role.key}@${domain}`,
      name: SIGNER_NAMES[index] ?? role.name,
      appRole: "member" as const,
      signoffRoles: [role.key],
      label: `member, ${role.name}`,
    })),
  ];
}

/** A user spec with a random email, so tests can run in parallel on one database. */
export function randomUserSpec(overrides: Partial<UserSpec> = {}): UserSpec {
  const id = randomUUID().slice(0, 8);
  return {
    email: `user-${id}@example.test`,
    name: `Test User ${id}`,
    appRole: "member",
    signoffRoles: [],
    label: "member",
    ...overrides,
  };
}
