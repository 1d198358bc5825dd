import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Three projects:
 *   unit         pure functions, no database (tests/unit).
 *   integration  real PostgreSQL (tests/integration): TEST_DATABASE_URL when
 *                set, else a throw-away embedded cluster; each test file gets
 *                its own database (tests/support/database.ts).
 *   reliability  concurrency, database outage, two instances, fuzzing and the
 *                authorization matrix (tests/reliability, docs/decisions/012);
 *                same database server as integration, plus the production
 *                build, made once when missing or stale.
 */
const root = path.dirname(fileURLToPath(import.meta.url));

const shared = {
  resolve: {
    alias: [
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/isolated-data-dir.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: "reliability",
          environment: "node",
          include: ["tests/reliability/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts", "tests/support/next-build.ts"],
          setupFiles: ["tests/support/isolated-data-dir.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
