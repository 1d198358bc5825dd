import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbedded, type EmbeddedCluster } from "../../lib/db/embedded";
import { provisionDatabase } from "../../lib/db/provision";
import { TEST_APP_PASSWORD, TEST_OWNER_PASSWORD } from "./test-roles";

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL of the server the integration tests create their databases on. */
    superuserUrl: string;
  }
}

/**
 * Integration-test server: TEST_DATABASE_URL (a superuser URL to an existing
 * server) when set, else a throw-away embedded PostgreSQL in a temporary
 * directory, stopped and deleted in teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: EmbeddedCluster | undefined;
  let dataDir: string | undefined;
  let superuserUrl = process.env.TEST_DATABASE_URL?.trim();

  if (!superuserUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "countersign-vitest-"));
    // PostgreSQL runs as its own OS user when we are root; it must be able to enter the directory.
    await chmod(dataDir, 0o755);
    try {
      cluster = await startEmbedded(dataDir);
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    superuserUrl = cluster.superuserUrl;
  }

  const teardown = async () => {
    if (cluster?.owned) await cluster.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    // Roles are cluster-wide: create them once here ("postgres" already
    // exists, so no database is created) so test files never race on them.
    await provisionDatabase({
      superuserUrl,
      database: "postgres",
      ownerPassword: TEST_OWNER_PASSWORD,
      appPassword: TEST_APP_PASSWORD,
    });
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide("superuserUrl", superuserUrl);
  return teardown;
}
