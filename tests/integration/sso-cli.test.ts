import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createProject } from "../../lib/projects/create-project";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { listGroupMappings } from "../../lib/sso/list-group-mappings";
import { runCli as runCountersign } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { testContext } from "../support/users";

/** `countersign sso map|list|unmap` (issue 13), as a person runs them: child processes on the test database. */
const context = setupTestDatabase();
const runCli = (args: string[]) => runCountersign(args, { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl });
const key = `mgit-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  await createProject(testContext(), { key, name: "mgit CLI" });
});

describe("countersign sso (CLI)", { timeout: 120_000 }, () => {
  it("maps a group, lists it and removes it", async () => {
    const mapped = await runCli(["sso", "map", "--group", "mgit-sre-leads", "--project", key, "--signer", "SRE Lead", "--json"]);
    expect(mapped.code, mapped.stderr).toBe(0);
    const mapping = JSON.parse(mapped.stdout) as { id: string; group: string; projectRole: string; signoffRole: string };
    expect(mapping).toMatchObject({ group: "mgit-sre-leads", project: { key }, projectRole: "contributor", signoffRole: "SRE Lead", orgRole: null });

    const listed = await runCli(["sso", "list"]);
    expect(listed.stdout).toContain(`${mapping.id}  mgit-sre-leads`);
    expect(listed.stdout).toContain(`contributor of ${key} holding SRE Lead`);

    const removed = await runCli(["sso", "unmap", "--id", mapping.id]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout.trim()).toBe("Removed the mapping of the group mgit-sre-leads.");
    expect(await listGroupMappings()).toEqual([]);
  });

  it("refuses an unknown project or sign-off role, naming the option, and maps nothing", async () => {
    const project = await runCli(["sso", "map", "--group", "g", "--project", "nope-nope", "--role", "maintainer"]);
    expect(project.code).toBe(1);
    expect(project.stderr.trim()).toBe("error: No project with the key nope-nope. (--project: No project with the key nope-nope.)");
    const signer = await runCli(["sso", "map", "--group", "g", "--project", key, "--signer", "Chief Vibes Officer"]);
    expect(signer.code).toBe(1);
    expect(signer.stderr.trim()).toBe("error: Unknown sign-off role Chief Vibes Officer. (--signer: Unknown sign-off role Chief Vibes Officer.)");
    const role = await runCli(["sso", "map", "--group", "g", "--project", key, "--role", "owner"]);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/--role.*owner.*is invalid/);
    const nothing = await runCli(["sso", "map", "--group", "g"]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr.trim()).toBe("error: Invalid options. (--project: Name a project (or an organisation role) the group gives.)");
    expect(await listGroupMappings()).toEqual([]);
  });
});
