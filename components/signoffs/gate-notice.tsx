import Link from "next/link";
import { Hourglass } from "lucide-react";
import { gateWaitLabel, type UnmetGate } from "@/lib/releases/gate-words";
import { newReleasePath, releasePath } from "@/lib/projects/paths";
import { Alert, AlertDescription } from "@/components/ui/alert";

/**
 * The environment gate this release waits for (e.g. production on the same
 * version in staging): it cannot be approved before. Names and links the
 * release it waits for, with its progress, or offers to create it.
 */
export function GateNotice({ version, environmentName, waitingFor }: { version: string; environmentName: string; waitingFor: UnmetGate[] }) {
  if (waitingFor.length === 0) return null;
  return (
    <Alert data-testid="gate-notice">
      <Hourglass aria-hidden="true" />
      <AlertDescription className="space-y-1">
        <p>
          {environmentName} {version} needs {version} approved in {waitingFor.map((gate) => gate.environment.name).join(" and ")} first.
        </p>
        <ul className="space-y-1">
          {waitingFor.map((gate) => (
            <li key={gate.environment.key}>
              {gate.release ? (
                <Link href={releasePath(gate.project.key, gate.release.id)} className="font-medium text-foreground underline underline-offset-4 hover:no-underline">
                  Waiting for {gateWaitLabel(version, { ...gate, release: gate.release })}
                </Link>
              ) : (
                <>
                  There is no {gate.environment.name} {version} release yet.{" "}
                  <Link
                    href={newReleasePath(gate.project.key, { environment: gate.environment.key, version })}
                    className="font-medium text-foreground underline underline-offset-4 hover:no-underline"
                  >
                    Create {gate.environment.name} {version}
                  </Link>
                </>
              )}
            </li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}
