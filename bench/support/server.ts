import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * `next start` (the production build) as a child process, with peak RSS of
 * its process tree sampled every 250 ms (Next may fork a worker).
 */
export type RunningServer = { url: string; pid: number; peakRssMb(): number; cpuSeconds(): number; stop(): Promise<void> };

function childrenOf(pid: number): number[] {
  const result: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) result.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return result;
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a process and its children so far, in seconds: robust on a busy machine where wall time is not. */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks = Number(fields[11]) + Number(fields[12]);
  } catch {
    // the process ended
  }
  return ticks / 100 + childrenOf(pid).reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

export function treeRssKb(pid: number): number {
  return rssKb(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRssKb(child), 0);
}

export async function startServer(root: string, port: number, env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<RunningServer> {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not become ready in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 250);
  return {
    url,
    pid: child.pid!,
    peakRssMb: () => Math.max(peak, treeRssKb(child.pid!)) / 1024,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
