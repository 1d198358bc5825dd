import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT } from "../../lib/auth/sign-in-throttle";
import { verifyCredentials, WRONG_CREDENTIALS } from "../../lib/auth/verify-credentials";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setupTestDatabase } from "../support/database";
import { appErrorOf } from "../support/errors";
import { createTestUser, testContext } from "../support/users";

setupTestDatabase();

/** A fresh client address per test, so the per-address limit of one test never touches another. */
const randomAddress = () => `test-${randomUUID()}`;
const unknownEmail = () => `nobody-${randomUUID().slice(0, 8)}@example.test`;

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the email's case and surrounding spaces", async () => {
    const user = await createTestUser();
    expect(await verifyCredentials({ email: user.email, password: user.password }, randomAddress())).toEqual({
      id: user.id,
      sessionVersion: 1,
    });
    const shouted = await verifyCredentials({ email: ` ${user.email.toUpperCase()} `, password: user.password }, randomAddress());
    expect(shouted.id).toBe(user.id);
  });

  it("gives the same answer for every kind of failure", async () => {
    const user = await createTestUser();
    const disabled = await createTestUser();
    await setUserDisabled(testContext(), disabled.id, true);
    const address = randomAddress();

    const attempts: [string, unknown][] = [
      ["wrong password", { email: user.email, password: `${user.password}!` }],
      ["unknown email", { email: unknownEmail(), password: user.password }],
      ["disabled user, right password", { email: disabled.email, password: disabled.password }],
      ["empty fields", { email: "", password: "" }],
      ["no fields", {}],
      ["not an object", null],
      ["1 MB password", { email: user.email, password: "x".repeat(1024 * 1024) }],
      ["SQL-looking email", { email: "' OR 1=1 --@example.test", password: user.password }],
      ["SQL-looking email 2", { email: `${user.email}' OR '1'='1`, password: "x' OR '1'='1" }],
      ["HTML-looking email", { email: "<script>alert(1)</script>@example.test", password: user.password }],
      ["wrong types", { email: [user.email], password: { $ne: "" } }],
    ];
    for (const [label, raw] of attempts) {
      const error = await appErrorOf(verifyCredentials(raw, address));
      expect({ label, code: error.code, message: error.message, fieldErrors: error.fieldErrors }).toEqual({
        label,
        code: "UNAUTHENTICATED",
        message: WRONG_CREDENTIALS,
        fieldErrors: undefined,
      });
    }
    // None of this locked the real account out.
    expect((await verifyCredentials({ email: user.email, password: user.password }, randomAddress())).id).toBe(user.id);
  });

  it("locks an account after ACCOUNT_FAILURE_LIMIT failures, even with the right password and from another address", async () => {
    const victim = await createTestUser();
    const bystander = await createTestUser();
    const attacker = randomAddress();
    // Case and spaces do not give an attacker fresh counters.
    const variants = [victim.email, victim.email.toUpperCase(), ` ${victim.email} `];
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      const error = await appErrorOf(verifyCredentials({ email: variants[attempt % variants.length], password: "wrong-password!" }, attacker));
      expect(error.code).toBe("UNAUTHENTICATED");
    }

    for (const address of [attacker, randomAddress()]) {
      const error = await appErrorOf(verifyCredentials({ email: victim.email, password: victim.password }, address));
      expect(error.code).toBe("RATE_LIMITED");
      expect(error.status).toBe(429);
      expect(error.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
    }

    // Another account, from another address, still signs in.
    expect((await verifyCredentials({ email: bystander.email, password: bystander.password }, randomAddress())).id).toBe(bystander.id);
  });

  it("does not lock an account below the limit, and a success resets its counter", async () => {
    const user = await createTestUser();
    const address = randomAddress();
    const failOnce = async () =>
      expect((await appErrorOf(verifyCredentials({ email: user.email, password: "wrong-password!" }, address))).code).toBe("UNAUTHENTICATED");

    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT - 1; attempt += 1) await failOnce();
    expect((await verifyCredentials({ email: user.email, password: user.password }, address)).id).toBe(user.id);
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT - 1; attempt += 1) await failOnce();
    expect((await verifyCredentials({ email: user.email, password: user.password }, address)).id).toBe(user.id);
  });

  it("locks an address after ADDRESS_FAILURE_LIMIT failures across accounts", async () => {
    const user = await createTestUser();
    const sprayer = randomAddress();
    for (let attempt = 0; attempt < ADDRESS_FAILURE_LIMIT; attempt += 1) {
      // A different account each time: no single account reaches its own limit.
      const error = await appErrorOf(verifyCredentials({ email: unknownEmail(), password: "password-spray-1" }, sprayer));
      expect(error.code).toBe("UNAUTHENTICATED");
    }

    const locked = await appErrorOf(verifyCredentials({ email: user.email, password: user.password }, sprayer));
    expect(locked.code).toBe("RATE_LIMITED");
    // The account itself is not locked: from another address it signs in.
    expect((await verifyCredentials({ email: user.email, password: user.password }, randomAddress())).id).toBe(user.id);
  });
});
