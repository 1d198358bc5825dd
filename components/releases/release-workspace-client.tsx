"use client";

import { type ComponentProps, startTransition, useCallback, useEffect, useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { Lock } from "lucide-react";
import type { OpenChoices } from "@/lib/releases/open-sections";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { rollbackTriggers } from "@/components/signoffs/rollback-triggers";
import { type SignerInfo, SignoffPanel } from "@/components/signoffs/signoff-panel";
import { SignoffSummary } from "@/components/signoffs/signoff-summary";
import { ContactsCard } from "./contacts-card";
import { type PackedView, unpackView } from "./packed-view";
import { type ItemStore, useChecklistRevision, useItemState } from "./item-store";
import { ReleasePageHeader } from "./release-page-header";
import { type Filters, NO_FILTERS, ReleaseSection } from "./release-section";
import { ReleaseSidebar } from "./release-sidebar";
import { ReleaseSignoffOverview } from "./release-signoff-overview";
import { ReleaseToolbar } from "./release-toolbar";
import { RunbookCard } from "./runbook-card";
import { useNextOpenItem } from "./use-next-open-item";
import { useOpenSections } from "./use-open-sections";
import { useReleaseWorkspace } from "./use-release-workspace";
import { WorkspaceContext } from "./workspace-context";

/** The item dialog loads when first opened, not with the page. */
const ItemDialog = dynamic(() => import("./item-dialog").then((module) => module.ItemDialog));

type User = { id: string; name: string; assignable: boolean };
type Props = {
  /** The release, its checklist packed for the trip (packed-view.ts). */
  packed: PackedView;
  me: { id: string; name: string };
  /** Which sections start open: this user's choices on this release over the default (lib/releases/open-sections.ts), as the server rendered them. */
  initialOpen: OpenChoices;
  canUpdate: boolean;
  users: User[];
  /** Environments gated on this one, offered once the release is approved (only to people who may create releases). */
  nextEnvironments: { key: string; name: string }[];
  /** Every signature of the release, newest first (from the server render, refreshed live). */
  signoffs: SignoffView[];
  signer: SignerInfo & { canFinish: boolean; canReopen: boolean };
};

/**
 * A release's checklist, live. The state (item store, save queue, status)
 * lives in useReleaseWorkspace; each row reads its own item, so a tick
 * re-renders one row and the counters; closed sections render no rows.
 * Read-only once the release is approved or closed, and for people who may
 * not change items.
 */
export function ReleaseWorkspaceClient({ packed, me, initialOpen, canUpdate, users, nextEnvironments, signoffs, signer }: Props) {
  // A new server render (a refresh) brings a new `packed`, and so a new view.
  const view = useMemo(() => unpackView(packed), [packed]);
  const workspace = useReleaseWorkspace(view, me, canUpdate);
  const { store, status, readOnly, locked, allItems, itemByKey, onAction, editing } = workspace;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const { open, setSection, setAll } = useOpenSections(view.sections, initialOpen, view.id);

  const userNames = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  // The item menus appear once the page has hydrated (checklist-item.tsx), in a transition: not in the HTML.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  const context = useMemo(() => ({ store, readOnly, hydrated, meId: me.id, userNames, onAction }), [store, readOnly, hydrated, me.id, userNames, onAction]);
  const triggers = useMemo(() => rollbackTriggers(view), [view]);

  const onFiltersChange = useCallback((change: (current: Filters) => Filters) => setFilters(change), []);
  const onExpandAll = useCallback(() => setAll(true), [setAll]);
  const onCollapseAll = useCallback(() => setAll(false), [setAll]);

  const onNextOpen = useNextOpenItem({ sections: view.sections, store, itemByKey, meId: me.id, setFilters, setSection });

  const editingItem = editing ? itemByKey.get(editing.key) : undefined;

  return (
    <WorkspaceContext value={context}>
      <div className="space-y-6">
        <ReleasePageHeader view={view} status={status} connection={workspace.connection} nextEnvironments={nextEnvironments} signer={signer} triggers={triggers} />
        <ReleaseSignoffOverview groups={view.signoffGroups} signoffs={signoffs} quorums={view.signoffQuorums} />

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
            <ReleaseSidebar sections={view.sections} items={allItems} onOpenSection={setSection} />
            <SignoffSummary groups={view.signoffGroups} signoffs={signoffs} quorums={view.signoffQuorums} />
          </aside>

          <div className="min-w-0 space-y-6 lg:order-1">
            {view.description ? <p className="max-w-prose whitespace-pre-wrap text-sm text-muted-foreground">{view.description}</p> : null}
            <ReleaseToolbar
              filters={filters}
              onFiltersChange={onFiltersChange}
              items={allItems}
              onExpandAll={onExpandAll}
              onCollapseAll={onCollapseAll}
              onNextOpen={onNextOpen}
            />
            {view.sections.map((section) => (
              <ReleaseSection key={section.key} section={section} open={open[section.key] ?? false} onOpenChange={setSection} filters={filters} />
            ))}
          </div>
        </div>

        <LiveSignoffPanel
          store={store}
          releaseId={view.id}
          version={view.version}
          environmentName={view.environment.name}
          status={status}
          groups={view.signoffGroups}
          signoffs={signoffs}
          quorums={view.signoffQuorums}
          me={signer}
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
          <EditingDialog
            key={`${editing.key}-${editing.serial}`}
            releaseId={view.id}
            item={editingItem}
            store={store}
            initialStatus={editing.status}
            users={users}
            onSaved={workspace.onSaved}
            onRefused={workspace.onRefused}
            onClose={workspace.closeDialog}
          />
        ) : null}
      </div>
    </WorkspaceContext>
  );
}

/** The sign-off panel, told when the checklist changes on the server (an open sign-off dialog points it out). */
function LiveSignoffPanel({ store, ...props }: Omit<ComponentProps<typeof SignoffPanel>, "checklistRevision"> & { store: ItemStore }) {
  return <SignoffPanel {...props} checklistRevision={useChecklistRevision(store)} />;
}

/** The item dialog, following the item's live state while open. */
function EditingDialog({ store, item, ...props }: Omit<ComponentProps<typeof ItemDialog>, "state"> & { store: ItemStore }) {
  const state = useItemState(store, item.key) ?? item.state;
  return <ItemDialog {...props} item={item} state={state} />;
}
