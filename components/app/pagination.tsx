import Link from "next/link";
import { ChevronLeft, ChevronRight, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

type Props = { total: number; page: number; pages: number; noun: [singular: string, plural: string]; pageHref: (page: number) => string };

/** "N releases · page X of Y" with Previous / Next links, for server-rendered lists. */
export function Pagination({ total, page, pages, noun, pageHref }: Props) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground">
        {total.toLocaleString("en")} {total === 1 ? noun[0] : noun[1]} · page {page} of {pages}
      </p>
      {pages > 1 ? (
        <div className="flex gap-2">
          {page > 1 ? (
            <Button asChild variant="outline" size="sm">
              <Link href={pageHref(page - 1)} rel="prev">
                <ChevronLeft aria-hidden="true" />
                Previous
              </Link>
            </Button>
          ) : null}
          {page < pages ? (
            <Button asChild variant="outline" size="sm">
              <Link href={pageHref(page + 1)} rel="next">
                Next
                <ChevronRight aria-hidden="true" />
              </Link>
            </Button>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}

/** A page number past the last page (an old link, a hand-edited URL): say how many there are, and offer the first. */
export function PastLastPage({ total, pages, noun, pageHref }: Omit<Props, "page">) {
  return (
    <EmptyState
      icon={SearchX}
      title="Nothing on this page"
      description={`There are ${total.toLocaleString("en")} matching ${total === 1 ? noun[0] : noun[1]} on ${pages} ${pages === 1 ? "page" : "pages"}.`}
      action={
        <Button asChild variant="outline">
          <Link href={pageHref(1)}>First page</Link>
        </Button>
      }
    />
  );
}
