import { randomUUID } from "node:crypto";
import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";

/** Demo users seeded by `npm start` on the e2e database. */
export const DEMO = {
  admin: "admin@countersign.test",
  member: "member@countersign.test",
  auditor: "auditor@countersign.test",
  sreLead: "sre-lead@countersign.test",
  /** Tech Lead and maintainer of mgit; in no other project. */
  techLead: "tech-lead@countersign.test",
  /** QA Lead of mgit and Security Engineer of billing. */
  qaLead: "qa-lead@countersign.test",
} as const;

/** The demo project the seeded template, environments and demo members are in (lib/seed/seed-demo.ts); its pages are under /p/<key>/. */
export const DEMO_PROJECT = "mgit";

/**
 * Every failed sign-in counts against the client address (lib/auth/sign-in-throttle.ts:
 * 20 per 15 minutes locks the address out). All specs share one address and one database
 * per run, so keep the whole suite well below 20 failed sign-ins.
 */
export const demoPassword = () => process.env.E2E_DEMO_PASSWORD ?? "e2e-demo-password-1";

/** The one message every failed sign-in gets, whatever went wrong. */
export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export async function signIn(page: Page, email: string, password = demoPassword()): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The header's account menu button (xl and up): the user's name; it opens the profile and Sign out. */
export const accountButton = (page: Page) => page.getByRole("banner").getByRole("button", { name: /^Account: / });

/** Signs out through the header's account menu. */
export async function signOut(page: Page): Promise<void> {
  await accountButton(page).click();
  await page.getByRole("menu").getByRole("menuitem", { name: "Sign out" }).click();
}

/** The overview's heading, shown right after a successful sign-in. */
export const welcomeHeading = (page: Page) => page.getByRole("heading", { level: 1, name: /^Welcome,/ });

/** A user nobody else uses: random email, so specs can change it while running in parallel. */
export type NewUser = { name: string; email: string; password: string };
export function uniqueUser(): NewUser {
  const id = randomUUID().slice(0, 8);
  return { name: `E2E User ${id}`, email: `e2e-${id}@example.test`, password: `pw-${randomUUID()}` };
}

/** A sign-off role name nobody else uses. */
export const uniqueRoleName = () => `Release Captain ${randomUUID().slice(0, 8)}`;

/** The toast outlet (sonner's "Notifications" region). */
export const toasts = (page: Page) => page.getByRole("region", { name: /Notifications/ });

export const usersTable = (page: Page) => page.getByRole("table", { name: "Users" });

/** The users table row of one user, found by their (unique) email. */
export const userRow = (page: Page, email: string): Locator => usersTable(page).getByRole("row").filter({ hasText: email });

/** Opens Users from the main navigation (the page must be signed in as an admin or auditor). */
export async function openUsers(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
}

/**
 * Creates a user through the "Create user" dialog on the Users page and waits
 * for the confirmation toast and the new row.
 */
export async function createUserInUI(page: Page, user: NewUser, signoffRoles: string[] = []): Promise<Locator> {
  await page.getByRole("button", { name: "Create user" }).click();
  const dialog = page.getByRole("dialog", { name: "Create user" });
  await dialog.getByLabel("Name").fill(user.name);
  await dialog.getByLabel("Email").fill(user.email);
  await dialog.getByLabel("Initial password").fill(user.password);
  for (const role of signoffRoles) await dialog.getByRole("checkbox", { name: role, exact: true }).check();
  await dialog.getByRole("button", { name: "Create user" }).click();
  // Creating a user hashes a password (argon2id): allow for a loaded machine.
  await expect(toasts(page).getByText(`Created ${user.name} (${user.email}).`)).toBeVisible({ timeout: 20_000 });
  await expect(dialog).toBeHidden();
  const row = userRow(page, user.email);
  await expect(row).toBeVisible();
  return row;
}

/**
 * Makes a user a contributor of the demo project holding the sign-off role
 * `role` there, through the project's settings (the page must be signed in
 * as an admin or a maintainer of the project).
 */
export async function joinDemoProject(page: Page, user: { email: string; name: string }, role: string): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/settings/members`);
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(toasts(page).getByText(`Added ${user.email} as contributor.`)).toBeVisible({ timeout: 30_000 });
  await page.goto(`/p/${DEMO_PROJECT}/settings/signoff-roles`);
  const card = page.getByRole("region", { name: role, exact: true });
  await card.getByRole("combobox").selectOption({ label: `${user.name} (${user.email})` });
  await card.getByRole("button", { name: `Add a holder of ${role}` }).click();
  await expect(toasts(page).getByText(`${user.email} now holds ${role} in this project.`)).toBeVisible({ timeout: 30_000 });
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
type Who = keyof typeof DEMO;
type Fixtures = { signInAs: (who: Who | string) => Promise<void>; signedInAs: Who | null };
type WorkerFixtures = { demoSession: (who: Who) => Promise<StorageState> };

/**
 * `signInAs("admin")` signs the page in through the sign-in form and waits for the overview.
 * `test.use({ signedInAs: "admin" })` starts every page of a spec already signed in as that
 * demo user (one real sign-in per worker, reused), for specs that test something else.
 */
export const test = base.extend<Fixtures, WorkerFixtures>({
  signInAs: async ({ page }, use) => {
    await use(async (who) => {
      const email = who in DEMO ? DEMO[who as Who] : who;
      await signIn(page, email);
      await expect(welcomeHeading(page)).toBeVisible();
    });
  },
  demoSession: [
    async ({ browser }, use, workerInfo) => {
      const sessions = new Map<Who, Promise<StorageState>>();
      await use((who) => {
        let session = sessions.get(who);
        if (!session) {
          session = (async () => {
            const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
            const page = await context.newPage();
            await signIn(page, DEMO[who]);
            await expect(welcomeHeading(page)).toBeVisible();
            const state = await context.storageState();
            await context.close();
            return state;
          })();
          sessions.set(who, session);
        }
        return session;
      });
    },
    { scope: "worker" },
  ],
  signedInAs: [null, { option: true }],
  storageState: async ({ signedInAs, demoSession, storageState }, use) => {
    await use(signedInAs ? await demoSession(signedInAs) : storageState);
  },
});

export { expect };
