import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="grid min-h-[60dvh] place-items-center px-4 text-center">
      <div className="space-y-4">
        <p className="text-sm font-semibold text-primary">404</p>
        <h1 className="text-2xl font-semibold">Not found</h1>
        <p className="text-muted-foreground">This page does not exist, or you do not have access to it.</p>
        <Button asChild variant="outline">
          <Link href="/">Back to overview</Link>
        </Button>
      </div>
    </div>
  );
}
