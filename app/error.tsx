"use client";

import { Button } from "@/components/ui/button";

/** Any failure while rendering: a friendly message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="grid min-h-[60dvh] place-items-center px-4 text-center">
      <div className="max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">Service unavailable</h1>
        <p className="text-muted-foreground">
          Countersign could not complete this request. If the database is restarting this clears up by itself within seconds.
        </p>
        <Button onClick={() => reset()}>Try again</Button>
      </div>
    </main>
  );
}
