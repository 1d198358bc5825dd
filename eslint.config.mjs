import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * Boundaries are enforced here, not suggested (docs/decisions/003):
 * - Prisma is imported only inside lib/db/;
 * - lib/ never imports app/ or components/;
 * - app/ and components/ never import lib/db/: routes, pages and components
 *   reach data through use cases, and take domain types from their modules
 *   (e.g. lib/releases/release-status.ts), docs/decisions/021;
 * - application role names are compared only in the permission table.
 */
const prismaOnlyInDb = { group: ["@prisma/*", "**/db/generated/*", "**/db/generated"], message: "Import the database through lib/db/client.ts." };

const roleComparison = {
  selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(admin|member|auditor)$/]",
  message: "Compare roles through can(user, permission) from lib/auth/permissions.ts, not by name.",
};

export default tseslint.config(
  {
    ignores: ["node_modules/", ".next/", ".data/", "lib/db/generated/", "test-results/", "playwright-report/", "next-env.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@next/next/no-img-element": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [prismaOnlyInDb],
        },
      ],
      "no-restricted-syntax": ["error", roleComparison],
    },
  },
  {
    files: ["app/**", "components/**", "proxy.ts", "instrumentation.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            prismaOnlyInDb,
            {
              group: ["@/lib/db/*", "@/lib/db", "**/lib/db/*", "**/lib/db"],
              message: "Reach data through a use case in lib/<area>/, and take domain types from its module (e.g. lib/releases/release-status.ts), not from lib/db.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/db/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["lib/**"],
    ignores: ["lib/db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            prismaOnlyInDb,
            { group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"], message: "lib/ holds use cases; it must not import app/ or components/." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/auth/permissions.ts", "tests/**", "e2e/**"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Playwright fixtures call their `use` argument, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["prisma.config.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/*.mjs", "bin/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
