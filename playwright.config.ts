import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { findBrowser } from "./e2e/support/browser";

/**
 * End-to-end tests drive Chromium (e2e/support/browser.ts: CHROMIUM_PATH, Debian's, or Playwright's own) against the production build,
 * started exactly as `npm start` does, on a fresh embedded PostgreSQL in a
 * temporary data directory (removed when the server stops).
 */
const browser = findBrowser();
if (!browser) {
  throw new Error("No Chromium found (CHROMIUM_PATH, /usr/bin/chromium, Playwright's own). `npm run test:e2e` installs one; or run: node --import tsx scripts/ensure-browser.ts");
}
const chromium = browser.path;

const port = Number(process.env.E2E_PORT ?? 3100);
const secondPort = port + 1;
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "countersign-e2e-"));
process.env.E2E_DEMO_PASSWORD ??= "e2e-demo-password-1";
export const baseURL = `http://127.0.0.1:${port}`;
/** A second instance on the same database, for the live-update test across instances. */
export const secondURL = `http://127.0.0.1:${secondPort}`;
/** The suite's SMTP server (e2e/support/serve.ts, the smtp-server package); both instances' workers send to it. Mails land in <E2E_DATA_DIR>/mail. */
const smtpUrl = `smtp://127.0.0.1:${port + 10}`;
process.env.E2E_MAIL_DIR = path.join(process.env.E2E_DATA_DIR, "mail");
process.env.E2E_SECOND_URL = secondURL;
/** The test identity provider e2e/company-sign-in.spec.ts starts (tests/support/oidc-provider.ts); the first server knows it, the second has no company sign-in (as the demo). */
export const oidcPort = port + 20;
process.env.E2E_OIDC_PORT = String(oidcPort);
process.env.E2E_OIDC_SECRET ??= "e2e-oidc-client-secret-0123456789";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /signoffs\.spec\.ts$/ },
    // Nine browsers at once (eight signers and a pipeline): on a 2-core machine it runs after the rest, on its own.
    { name: "chromium-heavy", use: { ...devices["Desktop Chrome"] }, testMatch: /signoffs\.spec\.ts$/, dependencies: ["chromium"] },
  ],
  webServer: [
    {
      command: "node --conditions=react-server --import tsx e2e/support/serve.ts",
      url: `${baseURL}/api/ready`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        COUNTERSIGN_DATA_DIR: process.env.E2E_DATA_DIR,
        COUNTERSIGN_DEMO_PASSWORD: process.env.E2E_DEMO_PASSWORD,
        // The specs make their own releases (and count bells from zero); the demo's ready release is tested in tests/integration/seed-demo-activity.test.ts.
        COUNTERSIGN_DEMO_ACTIVITY: "false",
        // Every browser of the suite signs in from 127.0.0.1; the per-account limit still applies.
        COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: "1000",
        // The suite plays the TLS-terminating proxy on loopback (X-Forwarded-Proto: https for HSTS and Secure cookies).
        COUNTERSIGN_TRUSTED_PROXIES: "127.0.0.1/32",
        // Webhook receivers in the suite listen on loopback (e2e/webhooks.spec.ts).
        COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: "true",
        COUNTERSIGN_SMTP_URL: smtpUrl,
        // Company sign-in against the provider e2e/company-sign-in.spec.ts starts (unreachable while it does not run).
        COUNTERSIGN_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        COUNTERSIGN_OIDC_CLIENT_ID: "countersign-test",
        COUNTERSIGN_OIDC_CLIENT_SECRET: process.env.E2E_OIDC_SECRET,
        COUNTERSIGN_OIDC_NAME: "Test IdP",
        COUNTERSIGN_OIDC_SCOPES: "openid email profile groups",
      },
    },
    {
      command: "node --conditions=react-server --import tsx e2e/support/serve-second.ts",
      url: `${secondURL}/api/ready`,
      timeout: 360_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        PORT: String(secondPort),
        HOSTNAME: "127.0.0.1",
        E2E_FIRST_URL: baseURL,
        COUNTERSIGN_DATA_DIR: process.env.E2E_DATA_DIR,
        COUNTERSIGN_DEMO_PASSWORD: process.env.E2E_DEMO_PASSWORD,
        // The specs make their own releases (and count bells from zero); the demo's ready release is tested in tests/integration/seed-demo-activity.test.ts.
        COUNTERSIGN_DEMO_ACTIVITY: "false",
        // Every browser of the suite signs in from 127.0.0.1; the per-account limit still applies.
        COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: "1000",
        // The suite plays the TLS-terminating proxy on loopback (X-Forwarded-Proto: https for HSTS and Secure cookies).
        COUNTERSIGN_TRUSTED_PROXIES: "127.0.0.1/32",
        // Webhook receivers in the suite listen on loopback (e2e/webhooks.spec.ts).
        COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: "true",
        COUNTERSIGN_SMTP_URL: smtpUrl,
      },
    },
  ],
});
