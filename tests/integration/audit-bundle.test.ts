import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportReleaseBundle } from "../../lib/audit/export-bundle";
import { createRelease } from "../../lib/releases/create-release";
import { getItemStates } from "../../lib/releases/get-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { testContext } from "../support/users";

/**
 * The third-party procedure from the bundle's README, performed with standard
 * tools only (tar, openssl, python3) and no code of the app's.
 */
describe("evidence bundle: export and verify as a third party", () => {
  setupTestDatabase();
  let root: string;
  let unpacked: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "countersign-bundle-"));
    process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
    process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(root, "checkpoints");
    const templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Bundle");
    const release = await createRelease(testContext(), { templateId, version: randomVersion(), environment: "staging" });
    for (const item of (await getItemStates(release.id)).slice(0, 2)) {
      await setItemState(testContext(), { releaseId: release.id, itemKey: item.itemKey, status: "done", expectedVersion: item.version, note: "checked — ✓ naïve café" });
    }
    const bundle = await exportReleaseBundle(release.id);
    expect(bundle.events).toBeGreaterThanOrEqual(3);
    expect(bundle.checkpoints).toBeGreaterThanOrEqual(1);
    const archive = path.join(root, bundle.fileName);
    await writeFile(archive, bundle.bytes);
    unpacked = path.join(root, "unpacked");
    execFileSync("mkdir", ["-p", unpacked]);
    execFileSync("tar", ["xzf", archive, "-C", unpacked]);
  });

  afterAll(async () => {
    delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
    delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
    await rm(root, { recursive: true, force: true });
  });

  it("holds the README, the events, the checkpoints, the public key and the verifier", async () => {
    const files = await readdir(unpacked);
    expect(files.sort()).toEqual(["README.md", "checkpoints", "checkpoints.json", "events.jsonl", "public-key.pem", "verify.py"]);
    expect(await readFile(path.join(unpacked, "README.md"), "utf8")).toContain("python3 verify.py events.jsonl checkpoints.json");
  });

  it("every checkpoint signature verifies with openssl", async () => {
    const signed = (await readdir(path.join(unpacked, "checkpoints"))).filter((name) => name.endsWith(".json"));
    expect(signed.length).toBeGreaterThan(0);
    for (const name of signed) {
      const file = path.join(unpacked, "checkpoints", name);
      const result = spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "public-key.pem", "-rawin", "-in", file, "-sigfile", file.replace(/\.json$/, ".sig")], {
        cwd: unpacked,
        encoding: "utf8",
      });
      expect(result.stdout + result.stderr).toContain("Signature Verified Successfully");
    }
  });

  it("the chain verifies with python3 and nothing else", () => {
    const result = spawnSync("python3", ["verify.py", "events.jsonl", "checkpoints.json"], { cwd: unpacked, encoding: "utf8" });
    expect(result.stdout).toMatch(/^intact: \d+ events, head \d+ [0-9a-f]{64}/);
    expect(result.status).toBe(0);
  });

  it("a changed event in the bundle is caught by the same procedure", async () => {
    const events = path.join(unpacked, "events.jsonl");
    const original = await readFile(events, "utf8");
    await writeFile(events, original.replace("naïve café", "naive cafe"));
    try {
      const result = spawnSync("python3", ["verify.py", "events.jsonl", "checkpoints.json"], { cwd: unpacked, encoding: "utf8" });
      expect(result.stdout).toMatch(/^broken: event \d+ was modified/);
      expect(result.status).toBe(1);
    } finally {
      await writeFile(events, original);
    }
  });

  it("a truncated bundle is caught against its checkpoints", async () => {
    const events = path.join(unpacked, "events.jsonl");
    const original = await readFile(events, "utf8");
    await writeFile(events, original.trimEnd().split("\n").slice(0, -1).join("\n") + "\n");
    try {
      const result = spawnSync("python3", ["verify.py", "events.jsonl", "checkpoints.json"], { cwd: unpacked, encoding: "utf8" });
      expect(result.stdout).toMatch(/^broken: checkpoint .* has \d+ events/);
      expect(result.status).toBe(1);
    } finally {
      await writeFile(events, original);
    }
  });
});
