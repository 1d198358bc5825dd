import type { SeedResult } from "../lib/seed/seed-demo";

export const DEMO_EMAIL_NOTE =
  "Demo sign-ins: admin@countersign.test, member@countersign.test, auditor@countersign.test, <role>@countersign.test for each sign-off role of the project mgit, and billing-lead@ and billing-qa@countersign.test of the project billing (password as printed at first start, or COUNTERSIGN_DEMO_PASSWORD).";

export function printSeed(seed: SeedResult, log: (line: string) => void): void {
  if (!seed.seeded) return;
  log("Seeded the projects mgit (mgit CLI) and billing (Billing service), and demo users:");
  for (const user of seed.users) log(`  ${user.email.padEnd(36)} ${user.role}`);
  log(
    seed.generated
      ? `Demo password (generated, shown once): ${seed.password}`
      : "Demo password: the value of COUNTERSIGN_DEMO_PASSWORD",
  );
}
