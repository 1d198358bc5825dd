import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { generateDataset, GenerateError } from "../lib/dev/generate-dataset";
import { seedDemo } from "../lib/seed/seed-demo";
import { CliUsageError, runCommand } from "./run-command";

function wholeNumber(option: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new CliUsageError(`${option} must be a whole number (got "${value}").`);
    return Number(value);
  };
}

export function registerDevCommands(program: Command): void {
  const dev = program.command("dev").description("Developer tools: not for production databases.");

  dev
    .command("generate")
    .description("Add a realistic dataset (releases of the reference checklist over the past year, with valid audit chains) for benchmarks and dashboards.")
    .option("--releases <n>", "number of releases", wholeNumber("--releases"), 10_000)
    .option("--events <n>", "at least this many audit events in all", wholeNumber("--events"), 1_000_000)
    .option("--seed <n>", "random seed (the same seed gives the same shape)", wholeNumber("--seed"), 1)
    .option("--template <name>", "template name", "mgit Production Deployment Checklist")
    .option("--json", "print the counts as one JSON object")
    .action((options: { releases: number; events: number; seed: number; template: string; json?: boolean }) =>
      runCommand(async (runtime) => {
        await seedDemo(undefined, systemContext("cli"));
        let shown = -1;
        try {
          const result = await generateDataset({
            url: runtime.database.appUrl,
            releases: options.releases,
            events: options.events,
            seed: options.seed,
            templateName: options.template,
            onProgress: (done, total) => {
              const percent = Math.floor((done * 100) / total);
              if (!options.json && percent >= shown + 10) {
                shown = percent;
                process.stderr.write(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} releases\n`);
              }
            },
          });
          if (options.json) console.log(JSON.stringify(result));
          else
            console.log(
              `Generated ${result.releases.toLocaleString("en")} releases, ${result.itemStates.toLocaleString("en")} item states, ` +
                `${result.events.toLocaleString("en")} audit events and ${result.signoffs.toLocaleString("en")} sign-offs in ${result.seconds.toFixed(1)} s.`,
            );
        } catch (error) {
          if (error instanceof GenerateError) throw new CliUsageError(error.message);
          throw error;
        }
      }),
    );
}
