import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../../lib/config/settings";
import { oidcConfig, passwordSignInEnabled } from "../../lib/sso/oidc-config";
import { groupsFrom } from "../../lib/sso/complete-sso-sign-in";
import { isExposedAuthRoute } from "../../lib/auth/auth-routes";
import { redirectProviderIdsFor } from "../../lib/auth/auth-config";

const OIDC = { COUNTERSIGN_OIDC_ISSUER: "https://login.example.com/realms/acme", COUNTERSIGN_OIDC_CLIENT_ID: "countersign", COUNTERSIGN_OIDC_CLIENT_SECRET: "s3cret" };

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

function errorOf(vars: Record<string, string>): string {
  try {
    readSettings(env(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(vars)}`);
}

describe("company sign-in settings (lib/config/settings.ts)", () => {
  it("accepts all three, with the defaults for the rest", () => {
    const settings = readSettings(env(OIDC));
    expect(settings.COUNTERSIGN_OIDC_ISSUER).toBe(OIDC.COUNTERSIGN_OIDC_ISSUER);
    expect(settings.COUNTERSIGN_PASSWORD_SIGNIN).toBe(true);
    expect(settings.COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS).toBe(300);
    expect(oidcConfig(OIDC)).toMatchObject({ label: "SSO", groupsClaim: "groups", scopes: "openid email profile", checkSeconds: 300 });
    expect(oidcConfig({})).toBeNull();
  });

  it("names each missing one of the three", () => {
    expect(errorOf({ COUNTERSIGN_OIDC_ISSUER: OIDC.COUNTERSIGN_OIDC_ISSUER })).toBe(
      [
        "COUNTERSIGN_OIDC_CLIENT_ID is required with COUNTERSIGN_OIDC_ISSUER (company sign-in needs the issuer, client id and client secret)",
        "COUNTERSIGN_OIDC_CLIENT_SECRET is required with COUNTERSIGN_OIDC_ISSUER (company sign-in needs the issuer, client id and client secret)",
      ].join("\n"),
    );
  });

  it.each([
    ["COUNTERSIGN_OIDC_ISSUER", "http://login.example.com", /^COUNTERSIGN_OIDC_ISSUER expects the identity provider's issuer URL, https/],
    ["COUNTERSIGN_OIDC_ISSUER", "not a url", /^COUNTERSIGN_OIDC_ISSUER expects/],
    ["COUNTERSIGN_OIDC_NAME", "x".repeat(41), /^COUNTERSIGN_OIDC_NAME expects at most 40 characters/],
    ["COUNTERSIGN_OIDC_NAME", "<b>Okta</b>", /^COUNTERSIGN_OIDC_NAME expects plain text/],
    ["COUNTERSIGN_OIDC_GROUPS_CLAIM", "my groups", /^COUNTERSIGN_OIDC_GROUPS_CLAIM expects a claim name/],
    ["COUNTERSIGN_OIDC_SCOPES", "email profile", /^COUNTERSIGN_OIDC_SCOPES expects space-separated scopes including openid/],
    ["COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS", "5", /^COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS expects at least 30 seconds$/],
    ["COUNTERSIGN_PASSWORD_SIGNIN", "no", /^COUNTERSIGN_PASSWORD_SIGNIN expects true or false$/],
  ])("refuses %s=%s with one line naming it", (name, value, message) => {
    expect(errorOf({ ...OIDC, [name]: value })).toMatch(message);
  });

  it("accepts http for an issuer on this machine (tests, a provider beside the app)", () => {
    expect(readSettings(env({ ...OIDC, COUNTERSIGN_OIDC_ISSUER: "http://127.0.0.1:8080/realms/test" })).COUNTERSIGN_OIDC_ISSUER).toBe("http://127.0.0.1:8080/realms/test");
  });

  it("refuses turning password sign-in off without company sign-in", () => {
    expect(errorOf({ COUNTERSIGN_PASSWORD_SIGNIN: "false" })).toMatch(/^COUNTERSIGN_PASSWORD_SIGNIN is false but company sign-in is not configured/);
    expect(readSettings(env({ ...OIDC, COUNTERSIGN_PASSWORD_SIGNIN: "false" })).COUNTERSIGN_PASSWORD_SIGNIN).toBe(false);
    expect(passwordSignInEnabled({ COUNTERSIGN_PASSWORD_SIGNIN: "false" })).toBe(false);
    expect(passwordSignInEnabled({})).toBe(true);
  });
});

describe("the groups claim", () => {
  it("takes a list of strings or one string; anything else is no group", () => {
    expect(groupsFrom(["a", "b", "a", 3, "", null])).toEqual(["a", "b"]);
    expect(groupsFrom("admins")).toEqual(["admins"]);
    expect(groupsFrom({ admins: true })).toEqual([]);
    expect(groupsFrom(undefined)).toEqual([]);
  });
});

describe("Auth.js endpoints exposed (lib/auth/auth-routes.ts)", () => {
  it("only the OIDC callback, and only when company sign-in is configured", () => {
    const configured = redirectProviderIdsFor(OIDC);
    expect(configured).toEqual(["oidc"]);
    expect(isExposedAuthRoute("GET", ["callback", "oidc"], configured)).toBe(true);
    expect(isExposedAuthRoute("POST", ["callback", "oidc"], configured)).toBe(false);
    expect(isExposedAuthRoute("GET", ["signin", "oidc"], configured)).toBe(false);
    expect(isExposedAuthRoute("GET", ["callback", "credentials"], configured)).toBe(false);
    expect(isExposedAuthRoute("GET", ["session"], configured)).toBe(false);
    expect(isExposedAuthRoute("GET", ["callback", "oidc"], redirectProviderIdsFor({}))).toBe(false);
  });
});
