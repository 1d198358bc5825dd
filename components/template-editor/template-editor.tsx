"use client";

import { useActionState, useCallback, useEffect, useMemo, useReducer, useRef, useState, type FormEvent, type MouseEvent, type Ref } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Download, Plus } from "lucide-react";
import { saveTemplateVersionAction } from "@/app/(app)/p/[key]/templates/actions";
import { templatePath } from "@/lib/projects/paths";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import type { TemplateDocument } from "@/lib/templates/document";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";
import { EditorContext, type EditorApi } from "./editor-context";
import { EnvironmentsBlockEditor, ReadOnlyBlock } from "./read-only-blocks";
import { offeredEnvironments, signoffBlockOf, templateEditorReducer } from "./reducer";
import { ADD_SECTION_BUTTON_ID, SectionEditor } from "./section-editor";
import { SignoffEditor, type AvailableRole } from "./signoff-editor";
import { newKey } from "./keys";
import { fieldIds, problemsById, validateDocument, type EditorProblem } from "./validate";

type Props = {
  /** The template's project: its pages are under /p/<key>/. */
  projectKey: string;
  templateId: string;
  templateName: string;
  /** The version the edits start from; saving creates version + 1 unless someone else saved first. */
  baseVersion: number;
  document: TemplateDocument;
  signoffRoles: readonly AvailableRole[];
};

const NO_PROBLEMS: Readonly<Record<string, string>> = Object.freeze({});

export function TemplateEditor({ projectKey, templateId, templateName, baseVersion: loadedVersion, document: loadedDocument, signoffRoles }: Props) {
  const router = useRouter();
  // The starting point is fixed when the editor opens: saving revalidates the page and may
  // send newer props, but these edits were made on top of the version that was loaded.
  const [start] = useState(() => ({ baseVersion: loadedVersion, document: loadedDocument, json: JSON.stringify(loadedDocument) }));
  const { baseVersion, document: initialDocument, json: initialJson } = start;
  const [doc, dispatch] = useReducer(templateEditorReducer, initialDocument);
  const [state, formAction, pending] = useActionState(saveTemplateVersionAction, idleState);
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const errorRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const json = useMemo(() => JSON.stringify(doc), [doc]);
  const dirty = json !== initialJson && !saved;
  const nextVersion = baseVersion + 1;

  // Problems are shown once a save was attempted, then follow every edit so they clear as they are fixed.
  const problems = useMemo(() => (checked ? validateDocument(doc) : []), [checked, doc]);
  const problemMap = useMemo(() => (problems.length ? problemsById(problems) : NO_PROBLEMS), [problems]);

  // Focus requests from the rows, carried out after the render that follows the change.
  const pendingFocus = useRef<string[]>([]);
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    const ids = pendingFocus.current;
    if (!ids.length) return;
    pendingFocus.current = [];
    for (const id of ids) {
      const element = window.document.getElementById(id);
      if (element && !(element as HTMLButtonElement).disabled) {
        element.focus();
        return;
      }
    }
  }, [focusTick, doc]);

  const environments = useMemo(() => offeredEnvironments(initialDocument), [initialDocument]);
  const api = useMemo<EditorApi>(
    () => ({
      dispatch,
      environments,
      requestFocus: (...ids) => {
        pendingFocus.current = ids;
        setFocusTick((tick) => tick + 1);
      },
      announce: (message) => setAnnouncement(message),
    }),
    [environments],
  );

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const onSaved = useCallback(() => {
    setSaved(true);
    router.push(templatePath(projectKey, templateId));
  }, [router, projectKey, templateId]);
  // Successes are confirmed with a toast; failures get the alert below, which keeps the edits on screen.
  useActionToast(state.status === "error" ? idleState : state, onSaved);

  useEffect(() => {
    if (state.status !== "error") return;
    errorRef.current?.scrollIntoView({ block: "center", behavior: "smooth" });
    errorRef.current?.focus({ preventScroll: true });
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const found = validateDocument(doc);
    setChecked(true);
    if (found.length > 0) {
      event.preventDefault();
      requestAnimationFrame(() => {
        summaryRef.current?.scrollIntoView({ block: "center", behavior: "smooth" });
        summaryRef.current?.focus({ preventScroll: true });
      });
    }
  };

  const onCancel = (event: MouseEvent<HTMLAnchorElement>) => {
    if (dirty && !window.confirm("Discard your unsaved changes to this template?")) event.preventDefault();
  };

  const downloadEdits = () => {
    const payload = { templateId, templateName, baseVersion, exportedAt: new Date().toISOString(), document: doc };
    const blob = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = window.document.createElement("a");
    link.href = url;
    link.download = `${fileSlug(templateName)}-edits-from-v${baseVersion}.json`;
    window.document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const addSection = () => {
    const key = newKey();
    dispatch({ type: "addSection", key, subsectionKey: newKey() });
    api.requestFocus(fieldIds.sectionTitle(key));
  };

  const signoffBlock = signoffBlockOf(doc);
  const signoffNames = useMemo(() => signoffBlock?.groups.flatMap((group) => group.roles) ?? [], [signoffBlock]);
  const lastChecklist = doc.blocks.findLastIndex((block) => block.kind === "checklist");
  let sectionNumber = 0;

  return (
    <EditorContext.Provider value={api}>
      <div className="grid gap-6">
        <p className="text-sm text-muted-foreground">
          Checklist sections, items and sign-off roles are edited here. Runbooks, notes and contacts are shown read-only. Nothing is stored until you
          save; releases already created keep the version they were made from.
        </p>

        {state.status === "error" ? (
          <SaveErrorAlert ref={errorRef} state={state} href={templatePath(projectKey, templateId)} onDownload={downloadEdits} />
        ) : null}
        {problems.length > 0 ? <ProblemSummary ref={summaryRef} problems={problems} /> : null}

        <div className="grid gap-2 rounded-lg border border-border bg-card p-4 shadow-xs">
          <FormField id={fieldIds.title} label="Checklist title" error={problemMap[fieldIds.title]} required>
            <Input value={doc.title} onChange={(event) => dispatch({ type: "setTitle", title: event.target.value })} maxLength={500} required />
          </FormField>
          {doc.description ? <p className="whitespace-pre-wrap text-sm text-muted-foreground">{doc.description}</p> : null}
          {problemMap[fieldIds.document] ? (
            <p id={fieldIds.document} tabIndex={-1} className="text-sm font-medium text-destructive">
              {problemMap[fieldIds.document]}
            </p>
          ) : null}
        </div>

        {doc.blocks.map((block, index) => {
          const addHere = index === lastChecklist + 1 && lastChecklist !== -1;
          const rendered =
            block.kind === "checklist" ? (
              <SectionEditor
                key={block.key}
                block={block}
                blockIndex={index}
                number={(sectionNumber += 1)}
                canMoveUp={index > 0}
                canMoveDown={index < doc.blocks.length - 1}
                signoffRoles={signoffNames}
                problems={problemMap}
              />
            ) : block.kind === "environments" ? (
              <EnvironmentsBlockEditor key={block.key} block={block} problems={problemMap} />
            ) : block.kind === "signoff" ? (
              <SignoffEditor key={block.key} block={block} available={signoffRoles} error={problemMap[fieldIds.signoff]} />
            ) : (
              <ReadOnlyBlock key={block.key} block={block} />
            );
          return addHere ? [<AddSectionButton key="add-section" onClick={addSection} />, rendered] : rendered;
        })}
        {lastChecklist === -1 || lastChecklist === doc.blocks.length - 1 ? <AddSectionButton onClick={addSection} /> : null}
        {signoffBlock ? null : <SignoffEditor block={undefined} available={signoffRoles} error={problemMap[fieldIds.signoff]} />}

        <div role="status" aria-live="polite" className="sr-only">
          {announcement}
        </div>

        <div className="no-print sticky bottom-0 z-10 -mx-4 grid gap-2 border-t border-border bg-card/95 px-4 py-3 shadow-[0_-1px_3px_rgb(0_0_0/0.05)] backdrop-blur sm:flex sm:items-center sm:gap-3">
          <p className="text-xs text-muted-foreground sm:mr-auto sm:text-sm" aria-live="polite">
            {dirty ? <span className="font-medium text-foreground">Unsaved changes</span> : "No changes yet"}
            <span> · editing version {baseVersion}</span>
          </p>
          <div className="flex gap-2">
            <Button asChild variant="outline" className="flex-1 sm:flex-none">
              <Link href={templatePath(projectKey, templateId)} onClick={onCancel}>
                Cancel
              </Link>
            </Button>
            <form action={formAction} onSubmit={onSubmit} className="flex flex-[2] sm:flex-none">
              <input type="hidden" name="templateId" value={templateId} />
              <input type="hidden" name="baseVersion" value={baseVersion} />
              <input type="hidden" name="document" value={json} />
              <Button type="submit" disabled={pending || saved} className="w-full">
                {pending ? <Spinner label={null} size="sm" /> : null}
                Save as version {nextVersion}
              </Button>
            </form>
          </div>
        </div>
      </div>
    </EditorContext.Provider>
  );
}

function AddSectionButton({ onClick }: { onClick: () => void }) {
  return (
    <div>
      <Button type="button" id={ADD_SECTION_BUTTON_ID} variant="outline" onClick={onClick}>
        <Plus aria-hidden="true" />
        Add section
      </Button>
    </div>
  );
}

function SaveErrorAlert({
  ref,
  state,
  href,
  onDownload,
}: {
  ref: Ref<HTMLDivElement>;
  state: Extract<ActionState, { status: "error" }>;
  /** The template's page. */
  href: string;
  onDownload: () => void;
}) {
  const fieldMessages = Object.entries(state.fieldErrors ?? {}).flatMap(([field, messages]) =>
    messages.map((message) => (field === "form" || field === "document" ? message : `${field}: ${message}`)),
  );
  return (
    <Alert ref={ref} variant="destructive" tabIndex={-1} className="border-2 focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-destructive">
      <AlertTitle className="text-base">Your changes were not saved</AlertTitle>
      <AlertDescription className="grid gap-3">
        <p>{state.message}</p>
        {fieldMessages.length > 0 ? (
          <ul className="list-disc pl-5">
            {fieldMessages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        <p>Your edits are still here. Keep a copy before you reload.</p>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="destructive" size="sm" onClick={onDownload}>
            <Download aria-hidden="true" />
            Download my edits as JSON
          </Button>
          <Button asChild variant="outline" size="sm">
            <Link href={href} target="_blank" rel="noopener">
              Open the latest version in a new tab
            </Link>
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}

function ProblemSummary({ ref, problems }: { ref: Ref<HTMLDivElement>; problems: readonly EditorProblem[] }) {
  const focusField = (fieldId: string) => {
    const element = window.document.getElementById(fieldId);
    element?.scrollIntoView({ block: "center" });
    element?.focus();
  };
  return (
    <Alert ref={ref} variant="destructive" tabIndex={-1} className="focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-destructive">
      <AlertTitle>
        {problems.length === 1 ? "Fix 1 problem before saving" : `Fix ${problems.length} problems before saving`}
      </AlertTitle>
      <AlertDescription>
        <ul className="grid gap-1">
          {problems.slice(0, 20).map((problem) => (
            <li key={problem.fieldId}>
              <button type="button" className="cursor-pointer text-left underline underline-offset-2" onClick={() => focusField(problem.fieldId)}>
                {problem.where}: {problem.message}
              </button>
            </li>
          ))}
          {problems.length > 20 ? <li>…and {problems.length - 20} more, marked below.</li> : null}
        </ul>
      </AlertDescription>
    </Alert>
  );
}

function fileSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "template";
}
