import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { freePort } from "../db/embedded";

/**
 * COUNTERSIGN_DEV_MAIL=true: `npm start` also runs maildev (a development
 * SMTP server with a web page of the mails it received) on local ports and
 * sends Countersign's mail there, so a newcomer sees them. maildev is a
 * development dependency: without it (a production install), start-up says so.
 */
export type DevMail = { child: ChildProcess; smtpUrl: string; webUrl: string };

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** maildev's usual ports when free, else any free ones. */
async function pickPort(preferred: number): Promise<number> {
  return (await portFree(preferred)) ? preferred : freePort();
}

export async function startDevMail(root: string): Promise<DevMail> {
  const bin = path.join(root, "node_modules", "maildev", "dist", "bin", "maildev.js");
  if (!existsSync(bin)) throw new Error("COUNTERSIGN_DEV_MAIL=true needs maildev, a development dependency: run npm install (without --omit=dev)");
  const smtp = await pickPort(1025);
  const web = await pickPort(1080);
  const child = spawn(process.execPath, [bin, "--smtp", String(smtp), "--ip", "127.0.0.1", "--web", String(web), "--web-ip", "127.0.0.1", "--silent"], { stdio: "ignore" });
  // Ready once its web port answers (a second or two).
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`maildev exited with code ${child.exitCode}`);
    if (!(await portFree(web)) && !(await portFree(smtp))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://localhost:${web}` };
}
