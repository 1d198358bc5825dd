import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two projects:
 *   unit         pure functions, no database (tests/unit).
 *   integration  real PostgreSQL (tests/integration): TEST_DATABASE_URL when
 *                set, else a throw-away embedded cluster; each test file gets
 *                its own database (tests/support/database.ts).
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
