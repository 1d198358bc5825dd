/**
 * Playwright's web server: `npm start`'s own script on a throw-away data
 * directory, removed after the server and its database have stopped.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const dataDir = process.env.COUNTERSIGN_DATA_DIR;
if (!dataDir || !dataDir.includes("countersign-e2e-")) throw new Error("serve.ts needs a temporary COUNTERSIGN_DATA_DIR");

// The suite's mail server (the smtp-server package): every mail the app sends is written to <data dir>/mail/*.eml for the specs to read.
const mailDir = path.join(dataDir, "mail");
mkdirSync(mailDir, { recursive: true });
const smtpUrl = new URL(process.env.COUNTERSIGN_SMTP_URL ?? "");
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      writeFileSync(path.join(mailDir, `${Date.now()}-${randomUUID()}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(Number(smtpUrl.port), smtpUrl.hostname, resolve));

const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { stdio: "inherit" });
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGTERM", () => forward("SIGTERM"));
process.on("SIGINT", () => forward("SIGINT"));
child.on("exit", (code) => {
  smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
