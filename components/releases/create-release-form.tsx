"use client";

import { useActionState, useState } from "react";
import Link from "next/link";
import { createReleaseAction } from "@/app/(app)/p/[key]/releases/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";
import { gateWaitLabel, type UnmetGate } from "@/lib/releases/gate-words";
import { newReleasePath, releasePath, releasesPath } from "@/lib/projects/paths";
import { submitKeepingValues } from "./keep-values";

function waitingForOf(details: unknown): UnmetGate[] {
  if (typeof details !== "object" || details === null || !("waitingFor" in details)) return [];
  const list = (details as { waitingFor: unknown }).waitingFor;
  return Array.isArray(list) ? (list as UnmetGate[]) : [];
}

type Props = {
  /** The project the release is created in (its templates and environments are the ones offered). */
  projectKey: string;
  templates: { id: string; name: string; latestVersion: number }[];
  environments: { key: string; name: string; requires: string[] }[];
  initial: { templateId?: string; environment?: string; version?: string };
};

/** Template, pinned template version (latest by default), environment and version; the gates are checked on the server. */
export function CreateReleaseForm({ projectKey, templates, environments, initial }: Props) {
  const [state, formAction, pending] = useActionState(createReleaseAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;

  const [templateId, setTemplateId] = useState(
    templates.some((template) => template.id === initial.templateId) ? initial.templateId! : (templates[0]?.id ?? ""),
  );
  const [templateVersion, setTemplateVersion] = useState("");
  const [environment, setEnvironment] = useState(
    environments.some((entry) => entry.key === initial.environment) ? initial.environment! : (environments[0]?.key ?? ""),
  );
  const [version, setVersion] = useState(initial.version ?? "");
  // A gate refusal carries the release(s) it waits for (lib/releases/create-release.ts): link to each.
  const waitingFor = state.status === "error" ? waitingForOf(state.details) : [];
  const submittedVersion = state.status === "error" && typeof state.values?.version === "string" ? state.values.version.trim() : version.trim();

  const template = templates.find((entry) => entry.id === templateId);
  const chosen = environments.find((entry) => entry.key === environment);
  const nameOf = (key: string) => environments.find((entry) => entry.key === key)?.name ?? key;
  const gateText = chosen?.requires.length
    ? `Needs the same version approved in ${chosen.requires.map(nameOf).join(" and ")} first.`
    : "No other environment has to approve this version first.";

  return (
    <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="grid gap-5" noValidate>
      <FormField id="release-template" label="Template" error={errors?.templateId?.[0]} required>
        <NativeSelect
          name="templateId"
          value={templateId}
          onChange={(event) => {
            setTemplateId(event.target.value);
            setTemplateVersion("");
          }}
          required
        >
          {templates.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField
        id="release-template-version"
        label="Template version"
        description="The release keeps this version even when the template is edited later."
        error={errors?.templateVersion?.[0]}
      >
        <NativeSelect name="templateVersion" value={templateVersion} onChange={(event) => setTemplateVersion(event.target.value)}>
          <option value="">Latest (version {template?.latestVersion ?? 1})</option>
          {Array.from({ length: template?.latestVersion ?? 0 }, (_, index) => (template?.latestVersion ?? 0) - index).map((number) => (
            <option key={number} value={String(number)}>
              Version {number}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField id="release-environment" label="Environment" description={gateText} error={errors?.environment?.[0]} required>
          <NativeSelect name="environment" value={environment} onChange={(event) => setEnvironment(event.target.value)} required>
            {environments.map((entry) => (
              <option key={entry.key} value={entry.key}>
                {entry.name}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField
          id="release-version"
          label="Version"
          description="A semantic version, such as 2.4.0 or 2.4.0-rc.1."
          error={errors?.version?.[0]}
          required
        >
          <Input
            name="version"
            value={version}
            onChange={(event) => setVersion(event.target.value)}
            required
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            placeholder="2.4.0"
            className="font-mono"
          />
        </FormField>
      </div>
      {waitingFor.length ? (
        <p className="-mt-3 text-sm">
          {waitingFor.map((gate) =>
            gate.release ? (
              <Link
                key={gate.environment.key}
                href={releasePath(gate.project.key, gate.release.id)}
                className="mr-3 font-medium text-primary underline-offset-4 hover:underline"
              >
                Waiting for {gateWaitLabel(submittedVersion, { ...gate, release: gate.release })}
              </Link>
            ) : (
              <Link
                key={gate.environment.key}
                href={newReleasePath(projectKey, { environment: gate.environment.key, version: submittedVersion })}
                className="mr-3 font-medium text-primary underline-offset-4 hover:underline"
              >
                Create {gate.environment.name} {submittedVersion}
              </Link>
            ),
          )}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button asChild variant="ghost">
          <Link href={releasesPath(projectKey)}>Cancel</Link>
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label={null} size="sm" /> : null}
          Create release
        </Button>
      </div>
    </form>
  );
}
