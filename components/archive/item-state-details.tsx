import type { ReconstructedItem } from "@/lib/audit/release-history";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";

const isWebLink = (value: string) => /^https?:\/\//i.test(value);

/** What an item said at a moment besides its status: reason, note, evidence, assignee, and who changed it when. Text only. */
export function ItemStateDetails({ state, showWho = true }: { state: ReconstructedItem; showWho?: boolean }) {
  const hasDetails = state.reason || state.note || state.evidenceLinks.length > 0 || state.assignee || (showWho && state.by);
  if (!hasDetails) return null;
  return (
    <dl className="space-y-1 text-xs text-muted-foreground [overflow-wrap:anywhere]">
      {state.reason ? (
        <div>
          <dt className="inline font-medium text-foreground">Reason: </dt>
          <dd className="inline whitespace-pre-wrap">{state.reason}</dd>
        </div>
      ) : null}
      {state.note ? (
        <div>
          <dt className="inline font-medium text-foreground">Note: </dt>
          <dd className="inline whitespace-pre-wrap">{state.note}</dd>
        </div>
      ) : null}
      {state.evidenceLinks.length > 0 ? (
        <div>
          <dt className="inline font-medium text-foreground">Evidence: </dt>
          {state.evidenceLinks.map((link, index) => (
            <dd key={`${index}-${link}`} className="inline">
              {index > 0 ? ", " : null}
              {isWebLink(link) ? (
                <a href={link} target="_blank" rel="noopener noreferrer nofollow" className="text-primary underline-offset-4 hover:underline">
                  {link}
                </a>
              ) : (
                link
              )}
            </dd>
          ))}
        </div>
      ) : null}
      {state.assignee ? (
        <div>
          <dt className="inline font-medium text-foreground">Assigned to: </dt>
          <dd className="inline">{state.assignee}</dd>
        </div>
      ) : null}
      {showWho && state.by ? (
        <div>
          <dt className="sr-only">Last changed</dt>
          <dd>
            by {state.by}
            {state.at ? (
              <>
                {" "}
                at <time dateTime={state.at} className="font-mono">{formatUtc(new Date(state.at))}</time>
              </>
            ) : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
