"use client";

import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { FingerprintPattern, ShieldCheck, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { startAuthentication } from "@simplewebauthn/browser";
import { signOffAction, startPasskeySigningAction, startSsoConfirmationAction } from "@/app/(app)/p/[key]/releases/[id]/signoff-actions";
import { previewSignoffAction } from "@/app/(app)/p/[key]/releases/[id]/signoff-preview-action";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import { MAX_MEANING } from "@/lib/signoffs/limits";
import { formatUtcSeconds } from "@/lib/format/utc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { submitKeepingValues } from "@/components/releases/keep-values";
import { defaultMeaning } from "./signoff-state";
import { browserPasskeyMessage } from "./passkey-messages";

type Preview = { hash: string; coveredItems: number; passkeys: number; requirePasskey: boolean; passwords: boolean; sso: { label: string; freshUntil: string | null } | null };
type Method = "passkey" | "password" | "sso";

/** What the signer typed, kept while the browser is away at the identity provider for a fresh sign-in. */
const ssoDraftKey = (releaseId: string, role: string) => `countersign:sso-confirm:${releaseId}:${role}`;

const CONFIRM_MESSAGE = "Confirm that you mean it.";

/**
 * A signature made with the signer's passkey (docs/decisions/024): the server
 * derives the challenge from exactly what is signed, the device signs it
 * (fingerprint, face or PIN), and the signing checks the assertion under the
 * release's lock. Nothing is sent for signing when the prompt is cancelled.
 */
async function signWithPasskey(fields: { releaseId: string; role: string; meaning: string; shownHash: string; confirm: string | null }): Promise<ActionState> {
  if (fields.confirm !== "yes") return { status: "error", message: "Please correct the highlighted fields.", fieldErrors: { confirm: [CONFIRM_MESSAGE] } };
  const { confirm: _confirm, ...statement } = fields;
  const started = await startPasskeySigningAction(statement);
  if (started.status !== "success" || !started.data) return started.status === "error" ? started : { status: "error", message: "Could not prepare the passkey signature." };
  let passkey;
  try {
    passkey = await startAuthentication({ optionsJSON: started.data });
  } catch (error) {
    const message = browserPasskeyMessage(error, "sign");
    return { status: "error", message, fieldErrors: { passkey: [message] } };
  }
  return signOffAction({ ...statement, confirm: "yes", passkey: passkey as never });
}

type Props = {
  releaseId: string;
  version: string;
  environmentName: string;
  role: string;
  /** Grows whenever an item of the release changes (live); a change while the dialog is open is pointed out. */
  checklistRevision: number;
  onSigned: () => void;
  onClose: () => void;
};

const WARNING = "border-warning/40 bg-warning-soft text-warning-soft-foreground [&>svg]:text-warning-soft-foreground";

/**
 * Signing for one role: what the signature will cover (how many items and the
 * content hash, read from the server when the dialog opens), the meaning, an
 * explicit confirmation, and the signer's passkey (when they have one; the
 * only way where the environment requires it) or password. The hash shown is
 * the hash sent back: if the checklist changed meanwhile the server refuses,
 * and the dialog shows the new state to review.
 */
export function SignDialog({ releaseId, version, environmentName, role, checklistRevision, onSigned, onClose }: Props) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [revisionAtPreview, setRevisionAtPreview] = useState(checklistRevision);
  const [changedNote, setChangedNote] = useState(false);
  const [meaning, setMeaning] = useState(() => {
    // Back from a fresh company sign-in: the meaning typed before leaving.
    const draft = typeof window === "undefined" ? null : window.sessionStorage.getItem(ssoDraftKey(releaseId, role));
    return draft ?? defaultMeaning(version, environmentName, role);
  });
  const [leaving, setLeaving] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [password, setPassword] = useState("");
  const [chosen, setChosen] = useState<Method | null>(null);
  const fallback: Method = preview && preview.passkeys > 0 ? "passkey" : preview?.sso ? "sso" : "password";
  const method: Method = preview?.requirePasskey ? "passkey" : (chosen ?? fallback);
  const ssoFresh = Boolean(preview?.sso?.freshUntil);

  /** Off to the identity provider (prompt=login, max_age=0); the release page reopens this dialog on the way back. */
  async function confirmWithProvider() {
    setLeaving(null);
    const started = await startSsoConfirmationAction({ releaseId, role });
    if (started.status !== "success" || !started.data) {
      setLeaving(started.status === "error" ? started.message : "Could not start the company sign-in.");
      return;
    }
    window.sessionStorage.setItem(ssoDraftKey(releaseId, role), meaning);
    window.location.assign(started.data.url);
  }
  const shownHash = useRef<string | null>(null);
  const revision = useRef(checklistRevision);
  useEffect(() => {
    revision.current = checklistRevision;
  }, [checklistRevision]);

  /** Reads what a signature would cover now; true when it differs from what was shown before. */
  const loadPreview = useCallback(async (): Promise<boolean> => {
    setLoading(true);
    const atRevision = revision.current;
    try {
      const result = await previewSignoffAction({ releaseId, role });
      if (result.status !== "success" || !result.data) {
        setPreviewError(result.status === "error" ? result.message : "Could not read the checklist.");
        return false;
      }
      const next = result.data;
      const changed = shownHash.current !== null && shownHash.current !== next.hash;
      shownHash.current = next.hash;
      setPreview(next);
      setPreviewError(null);
      setRevisionAtPreview(atRevision);
      if (changed) setConfirmed(false);
      return changed;
    } catch {
      setPreviewError("Could not read the checklist. Check your connection and try again.");
      return false;
    } finally {
      setLoading(false);
    }
  }, [releaseId, role]);

  useEffect(() => {
    void loadPreview();
  }, [loadPreview]);

  const [result, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const text = (name: string) => (typeof formData.get(name) === "string" ? (formData.get(name) as string) : "");
    const next =
      formData.get("method") === "passkey"
        ? await signWithPasskey({ releaseId: text("releaseId"), role: text("role"), meaning: text("meaning"), shownHash: text("shownHash"), confirm: formData.get("confirm") as string | null })
        : await signOffAction(previous, formData);
    if (next.status === "success") {
      window.sessionStorage.removeItem(ssoDraftKey(releaseId, role));
      toast.success(next.message);
      onSigned();
      onClose();
    } else if (next.status === "error") {
      if (next.fieldErrors?.password) setPassword("");
      // Refused as a whole (changed meanwhile, items open, already signed), or the passkey signed another state: show the checklist as it is now.
      if (!next.fieldErrors || next.fieldErrors.passkey) setChangedNote(await loadPreview());
      else setChangedNote(false);
    }
    return next;
  }, idleState);

  const errors = result.status === "error" ? result.fieldErrors : undefined;
  const refusal =
    result.status === "error" && !pending
      ? errors
        ? (errors.releaseId ?? errors.role ?? errors.shownHash ?? errors.passkey ?? errors.form)?.[0]
        : result.message
      : undefined;
  const changedWhileOpen = preview !== null && !loading && checklistRevision !== revisionAtPreview;

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Sign as {role}</DialogTitle>
          <DialogDescription>
            Release <span className="font-mono">{version}</span> for {environmentName}. Your signature, the time and what it covers go into the audit trail.
          </DialogDescription>
        </DialogHeader>

        <section aria-label="What your signature covers" aria-busy={loading} className="space-y-2 rounded-md border border-border bg-muted/50 p-3 text-sm">
          {preview ? (
            <>
              <p>
                Your signature covers <strong>{preview.coveredItems} checklist items</strong> exactly as they are now, with their status, reasons, notes and
                evidence links. If any of them changes, your signature goes stale and has to be given again.
              </p>
              <div>
                <p className="text-xs font-medium text-muted-foreground">Content hash (sha256)</p>
                <p data-testid="signoff-shown-hash" className="break-all font-mono text-xs text-foreground">
                  {preview.hash}
                </p>
              </div>
            </>
          ) : previewError ? (
            <p role="alert" className="font-medium text-destructive">
              {previewError}
            </p>
          ) : (
            <div className="space-y-2">
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-4 w-full" />
              <Spinner size="sm" label="Reading what your signature covers" />
            </div>
          )}
        </section>

        {changedWhileOpen && !refusal ? (
          <Alert className={WARNING}>
            <TriangleAlert aria-hidden="true" />
            <AlertTitle>The checklist changed while this dialog was open</AlertTitle>
            <AlertDescription className="space-y-2">
              <p>What you sign must be what you reviewed. Look at the change, then update what your signature covers.</p>
              <Button type="button" size="sm" variant="outline" onClick={() => void loadPreview()}>
                Show the current state
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}

        {refusal ? (
          <Alert variant="destructive">
            <TriangleAlert aria-hidden="true" />
            <AlertTitle>Nothing was signed</AlertTitle>
            <AlertDescription>
              <p>{refusal}</p>
              {changedNote && preview ? (
                <p className="mt-1">
                  The summary above now shows the checklist as it is now, with its new hash. Look at what changed, then confirm again to sign this state.
                </p>
              ) : null}
            </AlertDescription>
          </Alert>
        ) : null}

        <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="grid gap-4" noValidate>
          <input type="hidden" name="releaseId" value={releaseId} />
          <input type="hidden" name="role" value={role} />
          <input type="hidden" name="shownHash" value={preview?.hash ?? ""} />
          <FormField
            id="signoff-meaning"
            label="Meaning of your signature"
            description={`Recorded with your signature and printed on the certificate. ${meaning.length} of ${MAX_MEANING} characters.`}
            error={errors?.meaning?.[0]}
            required
          >
            <Textarea name="meaning" value={meaning} onChange={(event) => setMeaning(event.target.value)} rows={2} maxLength={MAX_MEANING} required />
          </FormField>
          <div className="grid gap-1.5">
            <div className="flex items-start gap-2">
              <Checkbox
                id="signoff-confirm"
                name="confirm"
                value="yes"
                checked={confirmed}
                onCheckedChange={(checked) => setConfirmed(checked === true)}
                aria-invalid={errors?.confirm ? true : undefined}
                aria-describedby={errors?.confirm ? "signoff-confirm-error" : undefined}
                className="mt-0.5"
              />
              <Label htmlFor="signoff-confirm" className="leading-snug">
                I confirm this is my signature
              </Label>
            </div>
            {errors?.confirm ? (
              <p id="signoff-confirm-error" role="alert" className="text-sm font-medium text-destructive">
                {errors.confirm[0]}
              </p>
            ) : null}
          </div>
          {preview && (preview.passkeys > 0 || preview.requirePasskey || preview.sso) ? (
            <fieldset className="grid gap-1.5">
              <legend className="mb-1 text-sm font-medium">Sign with</legend>
              <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
                <label className="flex items-center gap-2">
                  <input type="radio" name="method" value="passkey" checked={method === "passkey"} onChange={() => setChosen("passkey")} disabled={preview.passkeys === 0} />
                  Your passkey
                </label>
                {preview.requirePasskey || !preview.sso ? null : (
                  <label className="flex items-center gap-2">
                    <input type="radio" name="method" value="sso" checked={method === "sso"} onChange={() => setChosen("sso")} />
                    Your {preview.sso.label} sign-in
                  </label>
                )}
                {preview.requirePasskey || !preview.passwords ? null : (
                  <label className="flex items-center gap-2">
                    <input type="radio" name="method" value="password" checked={method === "password"} onChange={() => setChosen("password")} />
                    Your password
                  </label>
                )}
              </div>
              <p className="text-xs text-muted-foreground">
                {preview.requirePasskey
                  ? `${environmentName} requires passkey signatures.`
                  : "A passkey signature can be checked by anyone, outside Countersign, against your own key."}
              </p>
            </fieldset>
          ) : null}
          {method === "password" ? (
            <FormField id="signoff-password" label="Password" description="Your sign-in password, entered again to sign." error={errors?.password?.[0]} required>
              <Input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
            </FormField>
          ) : method === "sso" && preview?.sso ? (
            <div className="grid gap-2 text-sm" data-testid="sso-confirmation">
              <input type="hidden" name="sso" value="yes" />
              {ssoFresh ? (
                <p>
                  {preview.sso.label} confirmed it is you. Sign before {formatUtcSeconds(preview.sso.freshUntil!)}; the confirmation is used by this signature.
                </p>
              ) : (
                <>
                  <p>To sign, confirm it is you at {preview.sso.label}: you sign in there again, then come back here.</p>
                  <Button type="button" variant="outline" onClick={() => void confirmWithProvider()}>
                    Confirm with {preview.sso.label}
                  </Button>
                </>
              )}
              {leaving || errors?.sso ? (
                <p role="alert" className="font-medium text-destructive">
                  {leaving ?? errors?.sso?.[0]}
                </p>
              ) : null}
            </div>
          ) : (
            <input type="hidden" name="method" value="passkey" />
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || loading || !preview || (preview.requirePasskey && preview.passkeys === 0) || (method === "sso" && !ssoFresh)}>
              {pending ? <Spinner label={null} size="sm" /> : method === "passkey" ? <FingerprintPattern aria-hidden="true" /> : <ShieldCheck aria-hidden="true" />}
              {method === "passkey" ? `Sign with passkey as ${role}` : `Sign as ${role}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
