import { z } from "zod";
import { environmentKeySchema, versionSchema } from "../releases/release.schema";
import { RELEASE_STATUSES } from "../releases/release-status";

/**
 * The deployment gate's question and answer (issue 12, docs/decisions/026):
 * "may version V of project K be deployed to environment E?". Client-safe:
 * the API route validates and documents with these, and the CLI parses the
 * server's answers with them.
 */

export const gateQuerySchema = z.object({
  version: versionSchema.describe("The release's version, e.g. `5.2.0` (a leading `v` is ignored)."),
  environment: environmentKeySchema.describe("The environment's key, e.g. `production`."),
});
export type GateQuery = z.output<typeof gateQuerySchema>;

const releaseRefSchema = z.object({
  id: z.uuid(),
  version: z.string(),
  status: z.enum(RELEASE_STATUSES),
  project: z.object({ key: z.string(), name: z.string() }),
  environment: z.object({ key: z.string(), name: z.string() }),
  url: z.string().describe("The release's page."),
});
export type GateRelease = z.output<typeof releaseRefSchema>;

export const gateSignatureSchema = z.object({
  role: z.string(),
  printedName: z.string(),
  meaning: z.string(),
  signedAt: z.string().meta({ format: "date-time" }),
  contentHash: z.string().describe("sha256 of exactly what the signature covers."),
  method: z.enum(["password", "passkey"]).describe("How the signer confirmed it."),
  passkeyFingerprint: z.string().nullable().describe("The signer's passkey (sha256 of its public key), for passkey signatures."),
});
export type GateSignature = z.output<typeof gateSignatureSchema>;

/** One thing standing between the release and the deployment, each with a sentence to print. */
export const gateMissingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("status"), status: z.enum(RELEASE_STATUSES), message: z.string() }),
  z.object({ kind: z.literal("item"), key: z.string(), title: z.string(), status: z.string(), message: z.string() }),
  z.object({
    kind: z.literal("signoff"),
    role: z.string(),
    signed: z.number().int(),
    quorum: z.number().int(),
    stale: z.array(z.object({ printedName: z.string(), reason: z.string().nullable() })).describe("Signatures of this role that went stale (what they covered changed) and are not re-signed."),
    message: z.string(),
  }),
  z.object({
    kind: z.literal("gate"),
    environment: z.object({ key: z.string(), name: z.string() }),
    release: z.object({ id: z.uuid(), status: z.enum(RELEASE_STATUSES) }).nullable(),
    message: z.string(),
  }),
]);
export type GateMissing = z.output<typeof gateMissingSchema>;

export const gateAnswerSchema = z
  .discriminatedUnion("allowed", [
    z.object({ allowed: z.literal(true), release: releaseRefSchema, signatures: z.array(gateSignatureSchema).describe("The live signatures the approval rests on.") }),
    z.object({
      allowed: z.literal(false),
      missing: z.array(gateMissingSchema).describe("What is still open or unsigned, in the order to deal with it."),
      url: z.string().describe("The release's page, where it is finished and signed."),
      release: releaseRefSchema,
    }),
  ])
  .meta({
    examples: [
      {
        allowed: false,
        missing: [{ kind: "signoff", role: "SRE Lead", signed: 0, quorum: 1, stale: [], message: "SRE Lead has not signed (0 of 1 signer)." }],
        url: "https://countersign.example.com/p/mgit/releases/0b9c1d9e-8d3c-4b1e-9a53-0d3a0c2f7e11",
        release: {
          id: "0b9c1d9e-8d3c-4b1e-9a53-0d3a0c2f7e11",
          version: "5.2.0",
          status: "awaiting_signoff",
          project: { key: "mgit", name: "mgit" },
          environment: { key: "production", name: "Production" },
          url: "https://countersign.example.com/p/mgit/releases/0b9c1d9e-8d3c-4b1e-9a53-0d3a0c2f7e11",
        },
      },
    ],
  });
export type GateAnswer = z.output<typeof gateAnswerSchema>;
