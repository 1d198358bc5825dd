import { Skeleton } from "@/components/ui/skeleton";

/** The shape of a release page while it loads: header, progress, and a section of items. */
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading">
      <div className="space-y-2">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <Skeleton className="h-40 lg:order-2" />
        <div className="space-y-4 lg:order-1">
          <Skeleton className="h-8 w-72 max-w-full" />
          {Array.from({ length: 2 }, (_, section) => (
            <div key={section} className="space-y-3 rounded-lg border border-border bg-card p-4">
              <Skeleton className="h-5 w-48" />
              <Skeleton className="h-1.5" />
              {Array.from({ length: 5 }, (_, row) => (
                <div key={row} className="flex items-center gap-3">
                  <Skeleton className="size-4 shrink-0" />
                  <Skeleton className="h-4 flex-1" />
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
