"use client";

import { Button } from "@/components/ui/button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** The dashboard could not be built at all: say so, without details, and offer a retry. */
export default function HealthError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">System health</h1>
      <Alert variant="destructive">
        <AlertTitle>The health dashboard could not be loaded.</AlertTitle>
        <AlertDescription>The database may be unreachable or restarting. The server log has the details.</AlertDescription>
      </Alert>
      <Button onClick={() => reset()}>Try again</Button>
    </div>
  );
}
