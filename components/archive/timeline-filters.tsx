import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";
import { FilterActions, FilterForm } from "@/components/releases/filter-fields";
import { EVENT_KINDS } from "./timeline-groups";

export const TIMELINE_FILTER_KEYS = ["events", "actor"] as const;

type Props = {
  releaseId: string;
  /** The filters set now (`events`, `actor`), and the page's other parameters to keep (asOf, compare). */
  values: Record<string, string>;
  keep: Record<string, string>;
  actors: { key: string; name: string }[];
};

/** The timeline's filters: a kind of event and an actor, sent as a plain GET form (no script needed). */
export function TimelineFilters({ releaseId, values, keep, actors }: Props) {
  const clear = new URLSearchParams(keep).toString();
  return (
    <FilterForm
      action={`/archive/${releaseId}#timeline`}
      label="Filter the timeline"
      className="mx-6 mb-4 grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
    >
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormField id="timeline-events" label="Kind of event">
        <NativeSelect name="events" defaultValue={values.events ?? ""}>
          <option value="">All events</option>
          {Object.entries(EVENT_KINDS).map(([key, kind]) => (
            <option key={key} value={key}>
              {kind.label}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="timeline-actor" label="By">
        <NativeSelect name="actor" defaultValue={values.actor ?? ""}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.key} value={actor.key}>
              {actor.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FilterActions values={values} keys={TIMELINE_FILTER_KEYS} clearHref={`/archive/${releaseId}${clear ? `?${clear}` : ""}#timeline`} className="" buttonClassName="" />
    </FilterForm>
  );
}
