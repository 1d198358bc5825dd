import { randomUUID } from "node:crypto";
import type { AppRole, ProjectRole } from "../db/client";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";

/** Seed factories shared by the demo seed and the tests. */

export type UserSpec = {
  email: string;
  name: string;
  appRole: AppRole;
  signoffRoles: string[];
  label: string;
};

/**
 * The demo's two projects (issue 11): mgit with the reference checklist and
 * a holder for each of its eight sign-off roles, and a smaller billing
 * service with other people signing, so a newcomer sees at once that who
 * signs is set per project.
 */
export const DEMO_PROJECTS = [
  {
    key: "mgit",
    name: "mgit CLI",
    description: "The mgit command-line tool: production releases follow the reference checklist, signed by eight roles.",
    template: { file: "lib/seed/templates/mgit-production-checklist.md" },
  },
  {
    key: "billing",
    name: "Billing service",
    description: "Invoices and payments: a shorter checklist, signed by the billing team.",
    template: { file: "lib/seed/templates/billing-release-checklist.md" },
  },
] as const;
export type DemoProjectKey = (typeof DEMO_PROJECTS)[number]["key"];

/** A demo user: who they are, and what they are in which demo project (role keys of the sign-off roles they hold there). */
export type DemoUserSpec = Omit<UserSpec, "signoffRoles"> & {
  memberships: { project: DemoProjectKey; role: ProjectRole; signoffRoles: string[] }[];
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

/** "member; mgit: contributor, Tech Lead; billing: contributor, Security Engineer" */
function labelOf(appRole: AppRole, memberships: DemoUserSpec["memberships"]): string {
  const name = (key: string) => DEFAULT_SIGNOFF_ROLES.find((role) => role.key === key)?.name ?? key;
  return [appRole, ...memberships.map((membership) => `${membership.project}: ${[membership.role, ...membership.signoffRoles.map(name)].join(", ")}`)].join("; ");
}

const demoUser = (email: string, name: string, appRole: AppRole, memberships: DemoUserSpec["memberships"] = [], label = labelOf(appRole, memberships)): DemoUserSpec => ({
  email,
  name,
  appRole,
  memberships,
  label,
});

/**
 * The demo users. mgit: every default sign-off role held by its own person
 * (<role>@, Tara Lead its maintainer) and Max Member as a contributor.
 * billing: Bea Billing (maintainer, Tech Lead), Cody Checks (QA Lead), and
 * Quinn Assure, QA Lead of mgit, as billing's Security Engineer. The admin
 * and the (organisation-wide) auditor are members of nothing.
 */
export function demoUsers(domain = "countersign.test"): DemoUserSpec[] {
  return [
    demoUser(`admin@${domain}`, "Ada Admin", "admin"),
    demoUser(`member@${domain}`, "Max Member", "member", [{ project: "mgit", role: "contributor", signoffRoles: [] }]),
    demoUser(`auditor@${domain}`, "Aud Itor", "auditor", [], "auditor, every project"),
    ...DEFAULT_SIGNOFF_ROLES.map((role, index) =>
      demoUser(`${role.key}@${domain}`, SIGNER_NAMES[index] ?? role.name, "member", [
        { project: "mgit", role: role.key === "tech-lead" ? "maintainer" : "contributor", signoffRoles: [role.key] },
        ...(role.key === "qa-lead" ? [{ project: "billing" as const, role: "contributor" as const, signoffRoles: ["security-engineer"] }] : []),
      ]),
    ),
    demoUser(`billing-lead@${domain}`, "Bea Billing", "member", [{ project: "billing", role: "maintainer", signoffRoles: ["tech-lead"] }]),
    demoUser(`billing-qa@${domain}`, "Cody Checks", "member", [{ project: "billing", role: "contributor", signoffRoles: ["qa-lead"] }]),
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
