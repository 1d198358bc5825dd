import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";

/**
 * An evidence bundle checked as a third party would (docs/decisions/015):
 * unpacked with tar into a fresh folder, the README's one ```sh command run
 * there with nothing on the PATH but tar, gzip, openssl and python3.
 */
export class ThirdParty {
  private runs = 0;
  private constructor(
    readonly root: string,
    private readonly tools: string,
  ) {}

  /** `root`: a scratch folder of the test; the tools folder is made in it. */
  static async in(root: string): Promise<ThirdParty> {
    const tools = path.join(root, "tools");
    await mkdir(tools);
    for (const tool of ["tar", "gzip", "openssl"]) {
      await symlink(execFileSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), path.join(tools, tool));
    }
    const python = execFileSync("python3", ["-c", "import os, sys; print(os.path.realpath(sys.executable))"], { encoding: "utf8" }).trim();
    await symlink(python, path.join(tools, "python3"));
    return new ThirdParty(root, tools);
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: this.tools, HOME: this.root, LANG: "C.UTF-8", NODE_ENV: "test" };
  }

  /** Unpacks `archive` and runs the README's single command there (plus `args`). */
  async verify(archive: string, args = ""): Promise<{ status: number | null; stdout: string; stderr: string; readme: string; folder: string }> {
    this.runs += 1;
    const folder = path.join(this.root, `third-party-${this.runs}`);
    await mkdir(folder);
    execFileSync("tar", ["xzf", archive, "-C", folder], { env: this.env() });
    const readme = await readFile(path.join(folder, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
    if (blocks.length !== 1) throw new Error(`the README gives ${blocks.length} commands, not one`);
    const result = spawnSync("/bin/sh", ["-c", `${blocks[0]}${args}`], { cwd: folder, env: this.env(), encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, readme, folder };
  }

  /** Unpacks `archive` for a forger, lets `forge` edit the folder, and packs it again. */
  async forge(archive: string, name: string, forge: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(this.root, `forge-${name}`);
    await mkdir(dir);
    execFileSync("tar", ["xzf", archive, "-C", dir]);
    await forge(dir);
    const out = path.join(this.root, `${name}.tar.gz`);
    execFileSync("tar", ["czf", out, "-C", dir, "."]);
    return out;
  }
}
