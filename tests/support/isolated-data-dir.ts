import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * Each integration and reliability test file gets its own data directory
 * (COUNTERSIGN_DATA_DIR: the checkpoint key, the checkpoints, the generated
 * secrets), as it gets its own database. Without it every file that signs
 * off writes checkpoints into the clone's shared `.data`, and a file that
 * verifies its own fresh database against the default directory finds
 * another file's checkpoint heads there and reports the trail broken, or not,
 * depending on which files ran first. A file that sets
 * COUNTERSIGN_CHECKPOINT_DIR/KEY itself still wins (those are read first).
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-data-"));
process.env.COUNTERSIGN_DATA_DIR = dir;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
