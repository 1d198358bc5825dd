"use client";

import { type ChangeEvent, type FormEvent, startTransition, useActionState, useCallback, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Eye, FileText, Save } from "lucide-react";
import { importTemplateAction, previewTemplateImportAction } from "@/app/(app)/p/[key]/templates/actions";
import { templatePath } from "@/lib/projects/paths";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import { fileTooLargeMessage, TEMPLATE_FILE_BYTES, TEMPLATE_FILE_LIMIT } from "@/lib/templates/file-limit";
import type { ImportPreview } from "@/lib/templates/preview-template-import";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useActionToast } from "@/components/app/use-action-toast";
import { TemplateSummary } from "./template-counts";
import { TemplateTree } from "./template-tree";


type Draft = { markdown: string; name: string; sourceName: string };

function toFormData(projectKey: string, input: Draft): FormData {
  const formData = new FormData();
  formData.set("projectKey", projectKey);
  formData.set("markdown", input.markdown);
  formData.set("name", input.name);
  if (input.sourceName) formData.set("sourceName", input.sourceName);
  return formData;
}

const sameInput = (a: Draft | null, b: Draft) => a !== null && a.markdown === b.markdown && a.name.trim() === b.name.trim() && a.sourceName === b.sourceName;

/**
 * Import a Markdown checklist: choose a file (read in the browser) or paste
 * the text, preview what the importer makes of it, then save. The fields are
 * controlled, so the text survives an error (React resets uncontrolled forms
 * after an action). Actions are dispatched from event handlers, never as the
 * form's action, so nothing is reset behind the user's back.
 */
export function ImportTemplateForm({ projectKey, existing }: { projectKey: string; existing: { name: string; latestVersion: number }[] }) {
  const router = useRouter();
  const ids = useId();
  const errorListId = `${ids}-markdown-errors`;
  const [input, setInput] = useState<Draft>({ markdown: "", name: "", sourceName: "" });
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [previewed, setPreviewed] = useState<Draft | null>(null);
  const [last, setLast] = useState<"preview" | "save">("preview");

  const [previewState, preview, previewing] = useActionState(previewTemplateImportAction, idleState);
  const [saveState, save, saving] = useActionState(importTemplateAction, idleState);
  useActionToast(
    saveState,
    useCallback(() => {
      const saved = saveState.status === "success" ? saveState.data : undefined;
      if (saved) router.push(templatePath(projectKey, saved.templateId));
    }, [saveState, router, projectKey]),
  );

  const result = previewState.status === "success" ? previewState.data : undefined;
  const shown = result?.ok ? result : undefined;
  const stale = shown !== undefined && !sameInput(previewed, input);
  const current: ActionState = last === "save" ? saveState : previewState;
  const errors = current.status === "error" ? current.fieldErrors : undefined;
  const markdownErrors = errors?.markdown ?? [];
  // A preview error that names no field (permission, session, database) is shown beside the form; save errors like it are toasted.
  const formError = last === "preview" && current.status === "error" && !errors?.markdown && !errors?.name ? current.message : null;
  const saved = saveState.status === "success";
  const busy = previewing || saving || saved;

  const effectiveName = shown ? input.name.trim() || shown.document.title : "";
  const existingTemplate = existing.find((template) => template.name === effectiveName);

  function update(patch: Partial<Draft>) {
    setInput((value) => ({ ...value, ...patch }));
  }

  function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileProblem(null);
    if (!file) return;
    if (file.size > TEMPLATE_FILE_BYTES) {
      setFileProblem(`"${file.name}": ${fileTooLargeMessage(file.size)}`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === "string") update({ markdown: reader.result, sourceName: file.name });
    };
    reader.onerror = () => setFileProblem(`"${file.name}" could not be read.`);
    reader.readAsText(file);
  }

  function submitPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLast("preview");
    setPreviewed(input);
    startTransition(() => preview(toFormData(projectKey, input)));
  }

  function submitSave() {
    if (!previewed) return;
    setLast("save");
    startTransition(() => save(toFormData(projectKey, previewed)));
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-start">
      <Card>
        <CardHeader className="p-4 sm:p-6">
          <CardTitle>Checklist source</CardTitle>
          <CardDescription>A Markdown file with task-list items (“- [ ] …”), like the reference checklist.</CardDescription>
        </CardHeader>
        <CardContent className="px-4 pb-4 sm:px-6 sm:pb-6">
          <form onSubmit={submitPreview} className="grid gap-5" noValidate aria-busy={busy}>
            <FormField
              id={`${ids}-file`}
              label="Checklist file"
              description={input.sourceName ? `Loaded ${input.sourceName}. Edit the text below if needed.` : `Markdown (.md, .markdown) or plain text (.txt), up to ${TEMPLATE_FILE_LIMIT}.`}
              error={fileProblem}
            >
              <Input type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" onChange={chooseFile} className="h-auto py-1.5" />
            </FormField>

            <FormField id={`${ids}-markdown`} label="Checklist text" required>
              {(control) => (
                <Textarea
                  {...control}
                  name="markdown"
                  value={input.markdown}
                  onChange={(event) => update({ markdown: event.target.value })}
                  aria-describedby={markdownErrors.length ? errorListId : undefined}
                  aria-invalid={markdownErrors.length ? true : undefined}
                  placeholder={"# Release checklist\n\n## Before\n- [ ] All tests pass"}
                  rows={14}
                  spellCheck={false}
                  className="min-h-56 font-mono text-xs leading-relaxed"
                />
              )}
            </FormField>

            {markdownErrors.length > 0 ? (
              <Alert variant="destructive" id={errorListId}>
                <AlertTitle>{markdownErrors.length === 1 ? "The checklist could not be read" : `The checklist could not be read (${markdownErrors.length} problems)`}</AlertTitle>
                <AlertDescription>
                  <ul className="list-disc space-y-1 pl-4">
                    {markdownErrors.map((message) => (
                      <li key={message}>{message}</li>
                    ))}
                  </ul>
                </AlertDescription>
              </Alert>
            ) : null}

            <FormField
              id={`${ids}-name`}
              label="Name"
              description="Optional. Defaults to the checklist’s title. Importing under an existing template’s name adds a new version to it."
              error={errors?.name?.[0]}
            >
              <Input name="name" value={input.name} onChange={(event) => update({ name: event.target.value })} maxLength={120} autoComplete="off" />
            </FormField>

            {formError ? (
              <Alert variant="destructive">
                <AlertDescription>{formError}</AlertDescription>
              </Alert>
            ) : null}

            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:flex-wrap">
              <Button type="submit" variant={shown && !stale ? "outline" : "default"} disabled={busy}>
                {previewing ? <Spinner label={null} size="sm" /> : <Eye aria-hidden="true" />}
                Preview
              </Button>
              {shown ? (
                <Button type="button" onClick={submitSave} disabled={busy || stale}>
                  {saving ? <Spinner label={null} size="sm" /> : <Save aria-hidden="true" />}
                  Save template
                </Button>
              ) : null}
            </div>
            {shown && stale ? (
              <p className="text-sm text-warning-soft-foreground">The text or name changed since the preview. Preview again before saving.</p>
            ) : null}
          </form>
        </CardContent>
      </Card>

      <div className="min-w-0">
        <p role="status" className="sr-only">
          {previewing ? "Reading the checklist…" : shown ? `Preview ready: ${shown.counts.items} items in ${shown.counts.sections} sections.` : ""}
        </p>
        {shown ? (
          <PreviewPanel preview={shown} name={effectiveName} existing={existingTemplate} stale={stale} headingId={`${ids}-preview-title`} />
        ) : (
          <EmptyState
            icon={FileText}
            titleAs="h2"
            title="Nothing previewed yet"
            description="Choose a file or paste a checklist, then press Preview to see what the import makes of it. Nothing is saved until you press Save template."
            className="bg-card"
          />
        )}
      </div>
    </div>
  );
}

function PreviewPanel({
  preview,
  name,
  existing,
  stale,
  headingId,
}: {
  preview: Extract<ImportPreview, { ok: true }>;
  name: string;
  existing?: { name: string; latestVersion: number };
  stale: boolean;
  headingId: string;
}) {
  return (
    <Card role="region" aria-label="Preview" className={stale ? "opacity-70" : undefined}>
      <CardHeader className="p-4 sm:p-6">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Preview</p>
        <CardTitle id={headingId} className="text-lg [overflow-wrap:anywhere]">
          {name}
        </CardTitle>
        <CardDescription>
          {existing
            ? `A template with this name exists (version ${existing.latestVersion}); saving adds version ${existing.latestVersion + 1} to it.`
            : "Saving creates a new template (version 1)."}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6 px-4 pb-4 sm:px-6 sm:pb-6">
        <TemplateSummary counts={preview.counts} document={preview.document} />

        <section aria-labelledby={`${headingId}-notices`} className="space-y-2">
          <h3 id={`${headingId}-notices`} className="text-base font-semibold">
            What the importer guessed
          </h3>
          {preview.notices.length > 0 ? (
            <ol className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-border bg-muted/40 p-3 text-sm">
              {preview.notices.map((notice, index) => (
                <li key={index} className="flex gap-2">
                  <span className="w-16 shrink-0 font-mono text-xs leading-5 text-muted-foreground">Line {notice.line}</span>
                  <span className="min-w-0 [overflow-wrap:anywhere]">{notice.message}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-muted-foreground">Nothing: every part was read as written.</p>
          )}
        </section>

        <TemplateTree document={preview.document} idPrefix="preview" />
      </CardContent>
    </Card>
  );
}
