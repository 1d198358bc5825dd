"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { FingerprintPattern } from "lucide-react";
import { toast } from "sonner";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { registerPasskeyAction, startPasskeyRegistrationAction } from "@/app/(app)/profile/actions";
import type { FieldErrors } from "@/lib/errors/app-error";
import { MAX_PASSKEY_NAME } from "@/lib/passkeys/passkey.schema";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { browserPasskeyMessage } from "@/components/signoffs/passkey-messages";

/**
 * "Add a passkey": name it, then the browser asks the device to create one
 * (fingerprint, face or PIN). The server issued the challenge and checks the
 * answer; a refusal is shown here and nothing is registered.
 */
export function AddPasskeyDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <FingerprintPattern aria-hidden="true" className="size-4" />
          Add a passkey
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">{open ? <AddPasskeyForm onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

function AddPasskeyForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors | undefined>();

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    setFieldErrors(undefined);
    if (!name.trim()) {
      setFieldErrors({ name: ["Name the passkey, e.g. “Work laptop”."] });
      return;
    }
    if (!browserSupportsWebAuthn()) {
      setProblem("This browser cannot use passkeys.");
      return;
    }
    setPending(true);
    try {
      const started = await startPasskeyRegistrationAction({});
      if (started.status !== "success" || !started.data) {
        setProblem(started.status === "error" ? started.message : "Could not start the registration.");
        return;
      }
      let response;
      try {
        response = await startRegistration({ optionsJSON: started.data });
      } catch (error) {
        setProblem(browserPasskeyMessage(error, "register"));
        return;
      }
      const result = await registerPasskeyAction({ name, response: response as never });
      if (result.status === "success") {
        toast.success(result.message);
        onDone();
        router.refresh();
        return;
      }
      if (result.status === "error") {
        setFieldErrors(result.fieldErrors);
        if (!result.fieldErrors?.name) setProblem(result.message);
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <DialogHeader>
        <DialogTitle>Add a passkey</DialogTitle>
        <DialogDescription>Name it after the device that holds it, e.g. “Work laptop” or “YubiKey”. Your browser then asks you to confirm.</DialogDescription>
      </DialogHeader>
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <FormField id="passkey-name" label="Name" error={fieldErrors?.name?.[0]} required>
          <Input name="name" autoComplete="off" required maxLength={MAX_PASSKEY_NAME} value={name} onChange={(event) => setName(event.target.value)} />
        </FormField>
        {problem ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {problem}
          </p>
        ) : null}
        <DialogFormFooter submit="Create passkey" pending={pending} />
      </form>
    </>
  );
}
