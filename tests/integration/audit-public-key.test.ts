import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openApiDocument } from "../../app/api/v1/_lib/openapi-document";
import { GET as publicKeyRoute } from "../../app/api/v1/audit/public-key/route";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { runCli as runCountersign } from "../support/cli";
import { testContext } from "../support/users";
import { createRelease } from "../../lib/releases/create-release";

// The route must answer without a session or token: any look at the session fails the test.
vi.mock("../../lib/auth/current-user", () => ({
  getCurrentUser: () => Promise.reject(new Error("the public key route must not look at the session")),
}));

/**
 * The published checkpoint key: GET /api/v1/audit/public-key (public),
 * `countersign audit key` printing the same, and `countersign audit rotate-key`,
 * after which both list the rotation and the trail still verifies.
 */
const context = setupTestDatabase();

type PublishedKey = { algorithm: string; publicKeyPem: string; fingerprint: string; firstFingerprint: string; rotations: { createdAt: string; previousFingerprint: string; fingerprint: string }[] };

let root: string;
const saved = { key: process.env.COUNTERSIGN_CHECKPOINT_KEY, dir: process.env.COUNTERSIGN_CHECKPOINT_DIR };

/** The CLI on this test's database. */
const runCli = (args: string[], env: Record<string, string> = {}) =>
  runCountersign(args, { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl, ...env });

const getKey = () => publicKeyRoute(new Request("http://localhost/api/v1/audit/public-key"));

/** What openssl says the fingerprint of a PEM public key is. */
const opensslFingerprint = (pem: string) =>
  execFileSync("sha256sum", { input: execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: pem }), encoding: "utf8" }).split(" ")[0];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "countersign-public-key-"));
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(root, "checkpoints");
  const templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Key");
  await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" });
});

afterAll(async () => {
  for (const [name, value] of [["COUNTERSIGN_CHECKPOINT_KEY", saved.key], ["COUNTERSIGN_CHECKPOINT_DIR", saved.dir]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(root, { recursive: true, force: true });
});

describe("the published checkpoint key", { timeout: 180_000 }, () => {
  let before: PublishedKey;

  it("GET /api/v1/audit/public-key answers without sign-in: the PEM and the fingerprint openssl gives for it", async () => {
    const response = await getKey();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    before = (await response.json()) as PublishedKey;
    expect(before).toMatchObject({ algorithm: "Ed25519", rotations: [] });
    expect(before.fingerprint).toBe(opensslFingerprint(before.publicKeyPem));
    expect(before.firstFingerprint).toBe(before.fingerprint);
  });

  it("is in the OpenAPI document, without security", () => {
    // The document is generated (app/api/v1/_lib/operations.ts): its paths are typed as a record, so the operation is read as such.
    const operation = openApiDocument.paths["/audit/public-key"]?.get as { security?: unknown[]; responses: Record<string, unknown> };
    expect(operation.security).toEqual([]);
    expect(Object.keys(operation.responses)).toEqual(["200", "503"]);
  });

  it("`countersign audit key` prints the same key and fingerprint, as text and as JSON", async () => {
    const json = await runCli(["audit", "key", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(before);
    const text = await runCli(["audit", "key"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.startsWith(before.publicKeyPem)).toBe(true);
    expect(text.stdout).toContain(`fingerprint (SHA-256 of the DER public key): ${before.fingerprint}`);
  });

  it("`countersign audit rotate-key`: the old key signs the new one; the key, the route and the verifier follow", async () => {
    const rotated = await runCli(["audit", "rotate-key"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`old key ${before.fingerprint}`);
    const newFingerprint = /New key ([0-9a-f]{64})/.exec(rotated.stdout)?.[1];
    expect(newFingerprint).toBeDefined();
    expect(newFingerprint).not.toBe(before.fingerprint);
    expect(await readdir(path.join(root, "checkpoints", "rotations"))).toHaveLength(1);

    const after = (await (await getKey()).json()) as PublishedKey;
    expect(after.fingerprint).toBe(newFingerprint);
    expect(after.fingerprint).toBe(opensslFingerprint(after.publicKeyPem));
    expect(after.firstFingerprint).toBe(before.fingerprint);
    expect(after.rotations).toEqual([{ createdAt: expect.stringMatching(/Z$/), previousFingerprint: before.fingerprint, fingerprint: newFingerprint }]);

    const text = await runCli(["audit", "key"]);
    expect(text.stdout).toContain(`first key: ${before.fingerprint}`);
    expect(text.stdout).toMatch(new RegExp(`rotated \\S+Z: ${before.fingerprint} -> ${newFingerprint}`));

    // Checkpoints from before (old key) and after (new key) both verify, starting from the first key.
    const checkpointed = await runCli(["audit", "checkpoint"]);
    expect(checkpointed.code, checkpointed.stderr).toBe(0);
    const verified = await runCli(["audit", "verify", "--json"]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ status: "intact" });
  });

  it("rotate-key without a key to rotate from refuses, naming the file, and writes nothing", async () => {
    const empty = path.join(root, "empty");
    await mkdir(empty);
    const missing = path.join(empty, "no-key.pem");
    const result = await runCli(["audit", "rotate-key"], { COUNTERSIGN_CHECKPOINT_KEY: missing, COUNTERSIGN_CHECKPOINT_DIR: path.join(empty, "checkpoints") });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: There is no checkpoint key at ${missing} to rotate from.`);
    expect(await readdir(empty)).toEqual([]);
  });

  it("answers 503 with a JSON message, no stack, when the key cannot be read", async () => {
    process.env.COUNTERSIGN_CHECKPOINT_KEY = root; // a directory, not a key file
    try {
      const response = await getKey();
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: "UNAVAILABLE", message: "The checkpoint key cannot be read right now; try again." });
      expect(JSON.stringify(body)).not.toMatch(/EISDIR|at .*\.ts/);
    } finally {
      process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
    }
  });
});
