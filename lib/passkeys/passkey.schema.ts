import { z } from "zod";
import { idField } from "../http/parse-id";

/**
 * What the browser sends back from navigator.credentials (through
 * @simplewebauthn/browser's startRegistration / startAuthentication), checked
 * for shape and size only; the WebAuthn checks are the use cases'.
 */

export const MAX_PASSKEY_NAME = 60;

const base64url = (field: string, max: number) =>
  z
    .string({ message: `The passkey's ${field} is missing.` })
    .min(1, `The passkey's ${field} is missing.`)
    .max(max, `The passkey's ${field} is too long.`)
    .regex(/^[A-Za-z0-9_-]+$/, `The passkey's ${field} is not base64url.`);

const credentialFields = {
  id: base64url("credential id", 1400),
  rawId: base64url("credential id", 1400),
  type: z.literal("public-key", { message: "Not a passkey (public-key) credential." }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

export const registrationResponseSchema = z.object(
  {
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url("client data", 8_000),
      attestationObject: base64url("attestation", 64_000),
      authenticatorData: base64url("authenticator data", 64_000).optional(),
      transports: z.array(z.string().max(20)).max(10).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url("public key", 4_000).optional(),
    }),
  },
  { message: "Register the passkey with your browser first." },
);

export const authenticationResponseSchema = z.object(
  {
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url("client data", 8_000),
      authenticatorData: base64url("authenticator data", 8_000),
      signature: base64url("signature", 2_000),
      userHandle: z.string().max(200).optional(),
    }),
  },
  { message: "Confirm with your passkey first." },
);
export type AuthenticationResponseInput = z.input<typeof authenticationResponseSchema>;

export const passkeyNameSchema = z
  .string({ message: "Name the passkey, e.g. “Work laptop”." })
  .trim()
  .min(1, "Name the passkey, e.g. “Work laptop”.")
  .max(MAX_PASSKEY_NAME, `Passkey names are at most ${MAX_PASSKEY_NAME} characters.`)
  // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
  .refine((value) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>]/.test(value), "Passkey names may not contain line breaks, control characters or angle brackets.");

export const registerPasskeySchema = z.object({ name: passkeyNameSchema, response: registrationResponseSchema });
export type RegisterPasskeyInput = z.input<typeof registerPasskeySchema>;

export const removePasskeySchema = z.object({ passkeyId: idField("Unknown passkey.") });

/** Only the transports WebAuthn defines are kept (they are hints for the browser). */
export function knownTransports(values: string[] | undefined): (typeof TRANSPORTS)[number][] {
  return (values ?? []).filter((value): value is (typeof TRANSPORTS)[number] => (TRANSPORTS as readonly string[]).includes(value));
}
