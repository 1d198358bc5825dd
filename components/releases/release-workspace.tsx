"use client";

import { useCallback, useMemo, useOptimistic, useRef, useState, useTransition } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { FileText, Lock, Rocket } from "lucide-react";
import { setItemStateAction } from "@/app/(app)/releases/[id]/actions";
import { idleState } from "@/lib/auth/action-state";
import type { ItemStatus, ReleaseStatus } from "@/lib/db/client";
import type { ReleaseItemView, ReleaseSectionView, ReleaseView } from "@/lib/releases/get-release";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { ReleaseActions } from "@/components/signoffs/release-actions";
import { rollbackTriggers } from "@/components/signoffs/rollback-triggers";
import { type SignerInfo, SignoffPanel } from "@/components/signoffs/signoff-panel";
import { SignoffSummary } from "@/components/signoffs/signoff-summary";
import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import { ChecklistItem, type ItemAction } from "./checklist-item";
import { ContactsCard } from "./contacts-card";
import { formatUtc, percent } from "./format";
import type { ItemSaved } from "./item-dialog";
import { ReleaseStatusBadge } from "./release-status-badge";
import { RunbookCard } from "./runbook-card";
import { type Connection, type ItemMap, useLiveRelease } from "./use-live-release";

/** The item dialog loads when first opened, not with the page. */
const ItemDialog = dynamic(() => import("./item-dialog").then((module) => module.ItemDialog));

/** Statuses in which the checklist no longer changes (approved: until an admin reopens it). */
const LOCKED: readonly ReleaseStatus[] = ["approved", "deployed", "rolled_back", "cancelled"];

type User = { id: string; name: string; assignable: boolean };
type Props = {
  view: ReleaseView;
  me: { id: string; name: string };
  canUpdate: boolean;
  users: User[];
  /** Environments gated on this one, offered once the release is approved (only to people who may create releases). */
  nextEnvironments: { key: string; name: string }[];
  /** Every signature of the release, newest first (from the server render, refreshed live). */
  signoffs: SignoffView[];
  signer: SignerInfo & { canFinish: boolean; canReopen: boolean };
};

type Filters = { mine: boolean; open: boolean; blocked: boolean };
type Counts = { done: number; total: number; blocked: number; requiredOpen: number };

const isResolved = (status: ItemStatus) => status === "done" || status === "na";

function countItems(items: ReleaseItemView[], states: ItemMap): Counts {
  const counts: Counts = { done: 0, total: items.length, blocked: 0, requiredOpen: 0 };
  for (const item of items) {
    const status = (states[item.key] ?? item.state).status;
    if (isResolved(status)) counts.done += 1;
    else if (item.required) counts.requiredOpen += 1;
    if (status === "blocked") counts.blocked += 1;
  }
  return counts;
}

const sectionItems = (section: ReleaseSectionView) => section.subsections.flatMap((subsection) => subsection.items);

/** Consecutive items of the same phase ("Pre-deployment", "Deployment", …), in order. */
function phases(items: ReleaseItemView[]): { phase?: string; items: ReleaseItemView[] }[] {
  const runs: { phase?: string; items: ReleaseItemView[] }[] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last.phase === item.phase) last.items.push(item);
    else runs.push({ phase: item.phase, items: [item] });
  }
  return runs;
}

/**
 * A release's checklist, live: ticks show at once and are confirmed (or
 * rolled back with the reason) by the server; everyone else's changes
 * arrive over server-sent events. Read-only once the release is approved
 * or closed, and for people who may not change items.
 */
export function ReleaseWorkspace({ view, me, canUpdate, users, nextEnvironments, signoffs, signer }: Props) {
  const router = useRouter();
  const { items, status, connection, accept, versionOf } = useLiveRelease(view);
  const [, startTransition] = useTransition();
  const [states, applyOptimistic] = useOptimistic(items, (current: ItemMap, change: { key: string; status: ItemStatus; at: string }) => {
    const have = current[change.key];
    if (!have) return current;
    return { ...current, [change.key]: { ...have, status: change.status, reason: null, updatedByName: me.name, updatedAt: change.at } };
  });
  const [filters, setFilters] = useState<Filters>({ mine: false, open: false, blocked: false });
  const [editing, setEditing] = useState<{ key: string; status: ItemStatus; serial: number } | null>(null);
  const queues = useRef(new Map<string, Promise<unknown>>());

  const locked = LOCKED.includes(status);
  const readOnly = !canUpdate || locked;

  const allItems = useMemo(() => view.sections.flatMap(sectionItems), [view]);
  const itemByKey = useMemo(() => new Map(allItems.map((item) => [item.key, item])), [allItems]);
  const userNames = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const overall = countItems(allItems, states);
  // Item versions only grow: their sum changes whenever any item changes, which an open sign-off dialog points out.
  const checklistRevision = useMemo(() => Object.values(items).reduce((sum, item) => sum + item.version, 0), [items]);
  const triggers = useMemo(() => rollbackTriggers(view), [view]);

  /** Saves a new status for one item; saves of the same item wait for each other, each based on the newest version. */
  const save = useCallback(
    (item: ReleaseItemView, next: ItemStatus) => {
      startTransition(async () => {
        applyOptimistic({ key: item.key, status: next, at: new Date().toISOString() });
        const previous = queues.current.get(item.key) ?? Promise.resolve();
        const run = previous.then(async () => {
          const formData = new FormData();
          formData.set("releaseId", view.id);
          formData.set("itemKey", item.key);
          formData.set("status", next);
          formData.set("expectedVersion", String(versionOf(item.key)));
          const result = await setItemStateAction(idleState, formData);
          if (result.status === "success") {
            const saved = result.data as ItemSaved;
            accept([saved.item], saved.release);
          }
          return result;
        });
        queues.current.set(item.key, run.catch(() => undefined));
        try {
          const result = await run;
          if (result.status === "error") {
            const detail = result.fieldErrors ? Object.values(result.fieldErrors)[0]?.[0] : undefined;
            toast.error(detail ?? result.message);
            router.refresh();
          }
        } catch {
          toast.error("Could not save the change. Check your connection and try again.");
        }
      });
    },
    [accept, applyOptimistic, router, versionOf, view.id],
  );

  const onAction = useCallback(
    (item: ReleaseItemView, action: ItemAction) => {
      if (action.kind === "tick") save(item, action.done ? "done" : "open");
      else if (action.kind === "reopen") save(item, "open");
      else setEditing((current) => ({ key: item.key, status: action.status, serial: (current?.serial ?? 0) + 1 }));
    },
    [save],
  );

  const closeDialog = useCallback(() => setEditing(null), []);
  const onSaved = useCallback((saved: ItemSaved) => accept([saved.item], saved.release), [accept]);
  const onRefused = useCallback(() => {
    setEditing(null);
    router.refresh();
  }, [router]);

  const visible = (item: ReleaseItemView) => {
    const state = states[item.key] ?? item.state;
    if (filters.mine && state.assigneeId !== me.id) return false;
    if (filters.open && isResolved(state.status)) return false;
    if (filters.blocked && state.status !== "blocked") return false;
    return true;
  };
  const filtering = filters.mine || filters.open || filters.blocked;
  const shownCount = filtering ? allItems.filter(visible).length : allItems.length;
  const mineCount = allItems.filter((item) => (states[item.key] ?? item.state).assigneeId === me.id).length;

  const editingItem = editing ? itemByKey.get(editing.key) : undefined;

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <>
            Release <span className="font-mono">{view.version}</span>
          </>
        }
        actions={
          <>
            {status === "approved" || status === "deployed"
              ? nextEnvironments.map((environment) => (
                  <Button key={environment.key} asChild variant="outline" size="sm">
                    <Link
                      href={`/releases/new?${new URLSearchParams({ template: view.template.id, environment: environment.key, version: view.version }).toString()}`}
                    >
                      <Rocket aria-hidden="true" />
                      New {environment.name} release
                    </Link>
                  </Button>
                ))
              : null}
            <LiveIndicator connection={connection} />
          </>
        }
      >
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <Badge variant="outline">{view.environment.name}</Badge>
          <ReleaseStatusBadge status={status} />
        </div>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <span>
            From{" "}
            <Link
              href={`/templates/${view.template.id}?version=${view.template.version}`}
              className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
            >
              <FileText aria-hidden="true" className="size-3.5" />
              {view.template.name}, version {view.template.version}
            </Link>
          </span>
          <span>
            Created <time dateTime={view.createdAt}>{formatUtc(view.createdAt)}</time>
          </span>
        </p>
        <div className="no-print mt-3 flex flex-wrap items-center gap-2">
          <ReleaseActions
            releaseId={view.id}
            version={view.version}
            environmentName={view.environment.name}
            status={status}
            canFinish={signer.canFinish}
            canReopen={signer.canReopen}
            rollbackTriggers={triggers}
          />
        </div>
      </PageHeader>

      {readOnly ? (
        <Alert>
          <Lock aria-hidden="true" />
          <AlertDescription>
            {locked
              ? `This release is ${STATUS_LABELS[status].toLowerCase()}; its checklist is read-only.`
              : "You have read-only access: you can follow the checklist but not change it."}
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem] lg:items-start">
        <aside aria-label="Release progress" className="space-y-4 lg:sticky lg:top-20 lg:order-2">
          <Card>
            <CardContent className="space-y-3 p-4">
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="text-sm font-semibold">Progress</h2>
                <span className="text-2xl font-semibold tabular-nums">{percent(overall.done, overall.total)}%</span>
              </div>
              <Progress
                label="Overall progress"
                value={overall.done}
                max={Math.max(overall.total, 1)}
                aria-valuetext={`${overall.done} of ${overall.total} items done or not applicable`}
                indicatorClassName={overall.total > 0 && overall.done === overall.total ? "bg-success" : undefined}
              />
              <p className="text-sm text-muted-foreground">
                {overall.done} of {overall.total} items done or not applicable
              </p>
              <dl className="grid grid-cols-2 gap-2 text-sm">
                <div className="rounded-md bg-muted/60 px-3 py-2">
                  <dt className="text-xs text-muted-foreground">Required open</dt>
                  <dd className="font-semibold tabular-nums">{overall.requiredOpen}</dd>
                </div>
                <div className={cn("rounded-md px-3 py-2", overall.blocked > 0 ? "bg-destructive-soft text-destructive-soft-foreground" : "bg-muted/60")}>
                  <dt className={cn("text-xs", overall.blocked > 0 ? "" : "text-muted-foreground")}>Blocked</dt>
                  <dd className="font-semibold tabular-nums">{overall.blocked}</dd>
                </div>
              </dl>
              <nav aria-label="Sections" className="hidden border-t border-border pt-3 lg:block">
                <ul className="space-y-2">
                  {view.sections.map((section) => {
                    const counts = countItems(sectionItems(section), states);
                    return (
                      <li key={section.key}>
                        <a
                          href={`#section-${section.key}`}
                          className="block rounded-sm text-xs text-muted-foreground hover:text-foreground focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          <span className="flex justify-between gap-2">
                            <span className="truncate">{section.title}</span>
                            <span className="tabular-nums">
                              {counts.done}/{counts.total}
                            </span>
                          </span>
                          <span aria-hidden="true" className="mt-1 block h-1 overflow-hidden rounded-full bg-muted">
                            <span
                              className={cn("block h-full rounded-full", counts.done === counts.total ? "bg-success" : "bg-primary/70")}
                              style={{ width: `${percent(counts.done, counts.total)}%` }}
                            />
                          </span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            </CardContent>
          </Card>
          <SignoffSummary groups={view.signoffGroups} signoffs={signoffs} />
        </aside>

        <div className="min-w-0 space-y-6 lg:order-1">
          {view.description ? <p className="max-w-prose whitespace-pre-wrap text-sm text-muted-foreground">{view.description}</p> : null}
          <div role="group" aria-label="Filter items" className="flex flex-wrap items-center gap-2">
            <span className="mr-1 text-sm text-muted-foreground">Show only</span>
            <FilterToggle pressed={filters.mine} onPressedChange={(mine) => setFilters((current) => ({ ...current, mine }))} count={mineCount}>
              Assigned to me
            </FilterToggle>
            <FilterToggle
              pressed={filters.open}
              onPressedChange={(open) => setFilters((current) => ({ ...current, open }))}
              count={overall.total - overall.done}
            >
              Open
            </FilterToggle>
            <FilterToggle pressed={filters.blocked} onPressedChange={(blocked) => setFilters((current) => ({ ...current, blocked }))} count={overall.blocked}>
              Blocked
            </FilterToggle>
            {filtering ? (
              <Button variant="ghost" size="sm" onClick={() => setFilters({ mine: false, open: false, blocked: false })}>
                Show all
              </Button>
            ) : null}
            <p className="sr-only" role="status">
              {filtering ? `Showing ${shownCount} of ${allItems.length} items.` : ""}
            </p>
          </div>

          {filtering && shownCount === 0 ? (
            <p className="rounded-lg border border-dashed border-border px-6 py-10 text-center text-sm text-muted-foreground">
              No items match these filters.
            </p>
          ) : null}

          {view.sections.map((section) => {
            const shown = section.subsections
              .map((subsection) => ({ subsection, items: subsection.items.filter(visible) }))
              .filter((entry) => entry.items.length > 0);
            if (shown.length === 0) return null;
            const counts = countItems(sectionItems(section), states);
            const headingId = `section-${section.key}-title`;
            return (
              <section key={section.key} id={`section-${section.key}`} aria-labelledby={headingId} className="scroll-mt-24 rounded-lg border border-border bg-card shadow-xs">
                <header className="space-y-2 border-b border-border px-4 py-3">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                    <h2 id={headingId} className="text-base font-semibold [overflow-wrap:anywhere]">
                      {section.title}
                    </h2>
                    <span className="text-xs tabular-nums text-muted-foreground">
                      {counts.done} of {counts.total} done
                      {counts.blocked > 0 ? <span className="text-destructive-soft-foreground"> · {counts.blocked} blocked</span> : null}
                    </span>
                  </div>
                  <Progress
                    label={`${section.title} progress`}
                    value={counts.done}
                    max={Math.max(counts.total, 1)}
                    className="h-1.5"
                    indicatorClassName={counts.done === counts.total ? "bg-success" : undefined}
                  />
                  {section.note ? <p className="whitespace-pre-wrap text-sm text-muted-foreground">{section.note}</p> : null}
                </header>
                <div className="divide-y divide-border">
                  {shown.map(({ subsection, items: shownItems }) => {
                    const sub = countItems(subsection.items, states);
                    const label = subsection.title || section.title;
                    const renderList = (list: ReleaseItemView[], listLabel: string) => (
                      <ul aria-label={listLabel} className="divide-y divide-border/70">
                        {list.map((item) => {
                          const state = states[item.key] ?? item.state;
                          return (
                            <ChecklistItem
                              key={item.key}
                              item={item}
                              state={state}
                              readOnly={readOnly}
                              assigneeName={state.assigneeId ? (userNames.get(state.assigneeId) ?? "a former user") : null}
                              assignedToMe={state.assigneeId === me.id}
                              onAction={onAction}
                            />
                          );
                        })}
                      </ul>
                    );
                    return (
                      <div key={subsection.key} className="py-1">
                        {subsection.title ? (
                          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 pb-1 pt-3">
                            <h3 className="min-w-0 flex-1 text-sm font-semibold text-foreground [overflow-wrap:anywhere]">{subsection.title}</h3>
                            <span className="flex items-center gap-2">
                              <span className="text-xs tabular-nums text-muted-foreground">
                                {sub.done}/{sub.total}
                              </span>
                              <Progress
                                label={`${label} progress`}
                                value={sub.done}
                                max={Math.max(sub.total, 1)}
                                className="h-1.5 w-20"
                                indicatorClassName={sub.done === sub.total ? "bg-success" : "bg-primary/70"}
                              />
                            </span>
                          </div>
                        ) : null}
                        {subsection.note ? <p className="whitespace-pre-wrap px-4 pt-1 text-sm text-muted-foreground">{subsection.note}</p> : null}
                        {section.kind === "environments"
                          ? phases(shownItems).map((run, index) => (
                              <div key={`${index}-${run.phase ?? ""}`}>
                                {run.phase ? (
                                  <p className="px-4 pb-0.5 pt-3 text-xs font-medium uppercase tracking-wide text-muted-foreground">{run.phase}</p>
                                ) : null}
                                {renderList(run.items, run.phase ? `${label}: ${run.phase}` : label)}
                              </div>
                            ))
                          : renderList(shownItems, label)}
                      </div>
                    );
                  })}
                </div>
              </section>
            );
          })}
        </div>
      </div>

      <SignoffPanel
        releaseId={view.id}
        version={view.version}
        environmentName={view.environment.name}
        status={status}
        groups={view.signoffGroups}
        signoffs={signoffs}
        me={signer}
        checklistRevision={checklistRevision}
      />

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2 lg:items-start">
        {view.runbooks.map((runbook) => (
          <RunbookCard key={runbook.key} title={runbook.title} markdown={runbook.markdown} />
        ))}
        <ContactsCard releaseId={view.id} contacts={view.contacts} readOnly={readOnly} />
        {view.notes.map((note) => (
          <Card key={note.key}>
            <CardHeader>
              <CardTitle>{note.title}</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="whitespace-pre-wrap text-sm leading-relaxed [overflow-wrap:anywhere]">{note.markdown}</p>
            </CardContent>
          </Card>
        ))}
      </div>
      {view.closingNote ? <p className="max-w-prose whitespace-pre-wrap text-sm text-muted-foreground">{view.closingNote}</p> : null}

      {editing && editingItem && !readOnly ? (
        <ItemDialog
          key={`${editing.key}-${editing.serial}`}
          releaseId={view.id}
          item={editingItem}
          state={states[editing.key] ?? editingItem.state}
          initialStatus={editing.status}
          users={users}
          onSaved={onSaved}
          onRefused={onRefused}
          onClose={closeDialog}
        />
      ) : null}
    </div>
  );
}

function FilterToggle({
  pressed,
  onPressedChange,
  count,
  children,
}: {
  pressed: boolean;
  onPressedChange: (pressed: boolean) => void;
  count: number;
  children: string;
}) {
  return (
    <Button
      type="button"
      size="sm"
      variant={pressed ? "default" : "outline"}
      aria-pressed={pressed}
      onClick={() => onPressedChange(!pressed)}
      className="rounded-full"
    >
      {children}
      <span
        className={cn(
          "rounded-full px-1.5 text-[0.7rem] tabular-nums",
          pressed ? "bg-primary-foreground/20 text-primary-foreground" : "bg-muted text-muted-foreground",
        )}
      >
        <span className="sr-only">(</span>
        {count}
        <span className="sr-only">)</span>
      </span>
    </Button>
  );
}

function LiveIndicator({ connection }: { connection: Connection }) {
  const live = connection === "live";
  return (
    <span
      role="status"
      aria-live="polite"
      className={cn(
        "inline-flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium",
        live ? "border-success/30 bg-success-soft text-success-soft-foreground" : "border-warning/40 bg-warning-soft text-warning-soft-foreground",
      )}
    >
      <span aria-hidden="true" className={cn("size-2 rounded-full", live ? "bg-success" : "bg-warning motion-safe:animate-pulse")} />
      {live ? "Live" : connection === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
