/** The sign-off roles of the reference checklist, created on every new database by the seed. */
export const DEFAULT_SIGNOFF_ROLES = [
  { key: "tech-lead", name: "Tech Lead" },
  { key: "devops-engineer", name: "DevOps Engineer" },
  { key: "qa-lead", name: "QA Lead" },
  { key: "sre-lead", name: "SRE Lead" },
  { key: "security-engineer", name: "Security Engineer" },
  { key: "platform-lead", name: "Platform Lead" },
  { key: "product-manager", name: "Product Manager" },
  { key: "engineering-manager", name: "Engineering Manager" },
] as const;

/** "Release Captain" -> "release-captain" */
export function roleKeyFor(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}
