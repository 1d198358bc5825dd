import "server-only";
import { db, Prisma, type ReleaseStatus, type Tx } from "../db/client";
import type { ActorAuthentication, AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";
import { checkpointHeads } from "../audit/checkpoint-heads";
import { GENESIS_HASH } from "../audit/hash";
import { firstLine, logger } from "../observability/logger";
import { reauthenticate, type RefusalReason } from "../auth/verify-credentials";
import { type SessionUser, signoffRolesIn } from "../auth/session-user";
import { AppError, nameForMessage } from "../errors/app-error";
import { unmetGates } from "../releases/check-gates";
import { publishReleaseChange } from "../releases/notify";
import { isOpenRequired, SETTLED_ITEM_STATUSES } from "../releases/release-status";
import { allItems, signoffRoleNames, type TemplateDocument } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { ownWorkItems, type SigningFacts, signingBlocker } from "./can-sign";
import { quorumOf, rolesShort, type RoleQuorums } from "./quorum";
import { contentHash, type CoveredState, coveredItemKeys } from "./coverage";
import { signOffSchema, type SignOffInput } from "./signoff.schema";
import { storePasskeySignature, verifyPasskeySignature } from "./passkey-signature";
import type { RelyingParty } from "../passkeys/relying-party";
import { passwordSignInEnabled } from "../sso/oidc-config";
import { takeFreshProviderSignIn } from "../sso/fresh-provider-sign-in";

export type LockedRelease = {
  id: string;
  projectId: string;
  version: string;
  status: ReleaseStatus;
  templateVersionId: string;
  environmentId: string;
  environmentKey: string;
  environmentName: string;
  allowMultipleRolesPerSigner: boolean;
  /** Separation of duties in this environment (docs/decisions/023). */
  creatorMayNotSign: boolean;
  tickerMayNotSign: boolean;
  /** Every signature in this environment must be made with a passkey (docs/decisions/024). */
  requirePasskey: boolean;
  createdById: string | null;
};

/** Reads a release with its environment; `lock` takes its row lock for the rest of the transaction. */
export async function lockRelease(tx: Tx, releaseId: string, lock = true): Promise<LockedRelease> {
  const [row] = await tx.$queryRaw<
    {
      id: string;
      pid: string;
      version: string;
      status: ReleaseStatus;
      tvid: string;
      eid: string;
      ekey: string;
      ename: string;
      multi: boolean;
      creator: boolean;
      ticker: boolean;
      passkey: boolean;
      created_by: string | null;
    }[]
  >`SELECT r.id::text, r.project_id::text AS pid, r.version, r.status, r.template_version_id::text AS tvid, e.id::text AS eid, e.key AS ekey, e.name AS ename,
           e.allow_multiple_roles_per_signer AS multi, e.creator_may_not_sign AS creator, e.ticker_may_not_sign AS ticker, e.require_passkey AS passkey,
           r.created_by_id::text AS created_by
    FROM releases r JOIN environments e ON e.id = r.environment_id WHERE r.id = ${releaseId}::uuid ${lock ? Prisma.sql`FOR UPDATE OF r` : Prisma.empty}`;
  if (!row) throw new AppError("NOT_FOUND", "Release not found.");
  return {
    id: row.id,
    projectId: row.pid,
    version: row.version,
    status: row.status,
    templateVersionId: row.tvid,
    environmentId: row.eid,
    environmentKey: row.ekey,
    environmentName: row.ename,
    allowMultipleRolesPerSigner: row.multi,
    creatorMayNotSign: row.creator,
    tickerMayNotSign: row.ticker,
    requirePasskey: row.passkey,
    createdById: row.created_by,
  };
}

/** The signers each role needs in an environment, by role name (roles without a row need one). */
export async function readRoleQuorums(tx: Tx, environmentId: string): Promise<RoleQuorums> {
  const rows = await tx.environmentRoleQuorum.findMany({ where: { environmentId }, select: { quorum: true, role: { select: { name: true } } } });
  const quorums: RoleQuorums = {};
  for (const row of rows) quorums[row.role.name] = row.quorum;
  return quorums;
}

/**
 * The items this user ticked on this release: every change of an item to done
 * or N/A from another status, made by them (in the browser or with their
 * token), as the release's audit chain records it. Read from the chain rather
 * than the item rows, which keep only the last person to change anything
 * (a note added later would hide who ticked it). See docs/decisions/023.
 */
export async function readTickedBy(tx: Tx, releaseId: string, userId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT data ->> 'itemKey' AS key FROM audit_events
    WHERE chain = ${releaseChain(releaseId)} AND type = 'item.updated' AND actor ->> 'id' = ${userId}
      AND data -> 'after' ->> 'status' = ANY(${[...SETTLED_ITEM_STATUSES]}::text[])
      AND data -> 'before' ->> 'status' IS DISTINCT FROM data -> 'after' ->> 'status'`;
  return rows.map((row) => row.key);
}

/** The state a role's signature covers, read inside the caller's transaction. */
export async function coveredState(tx: Tx, release: LockedRelease, document: TemplateDocument, role: string): Promise<CoveredState & { keys: string[] }> {
  const rows = await tx.itemState.findMany({
    where: { releaseId: release.id },
    select: { itemKey: true, status: true, reason: true, note: true, evidenceLinks: true },
  });
  const keys = coveredItemKeys(document, role, new Set(rows.map((row) => row.itemKey)));
  const wanted = new Set(keys);
  return {
    keys,
    release: { id: release.id, version: release.version, environment: release.environmentKey, templateVersionId: release.templateVersionId },
    role,
    items: rows
      .filter((row) => wanted.has(row.itemKey))
      .map((row) => ({ key: row.itemKey, status: row.status, reason: row.reason, note: row.note, evidenceLinks: row.evidenceLinks })),
  };
}

/** The facts `signingBlocker` decides on, read in the caller's transaction (under the row lock when signing). */
export async function readSigningFacts(tx: Tx, release: LockedRelease, document: TemplateDocument, userId: string): Promise<SigningFacts> {
  const items = await tx.itemState.findMany({ where: { releaseId: release.id }, select: { itemKey: true, required: true, status: true }, orderBy: { position: "asc" } });
  const live = await tx.signoff.findMany({ where: { releaseId: release.id, status: "active" }, select: { role: true, signerId: true } });
  const gates = await unmetGates(tx, release.environmentId, release.version);
  const quorums = await readRoleQuorums(tx, release.environmentId);
  const tickedByMe = await readTickedBy(tx, release.id, userId);
  const signerPasskeys = release.requirePasskey ? await tx.passkey.count({ where: { userId } }) : undefined;
  const titles = new Map(allItems(document).map(({ item }) => [item.key, item.title]));
  const releaseKeys = new Set(items.map((item) => item.itemKey));
  return {
    release,
    templateRoles: signoffRoleNames(document),
    mySignedRoles: live.filter((entry) => entry.signerId === userId).map((entry) => entry.role),
    signedRoles: live.map((entry) => entry.role),
    quorums,
    ...(signerPasskeys === undefined ? {} : { signerPasskeys }),
    createdByMe: release.createdById === userId,
    tickedByMe,
    openRequired: items
      .filter(isOpenRequired)
      .map((item) => ({ key: item.itemKey, title: titles.get(item.itemKey) ?? item.itemKey })),
    coveredBy: (role) => new Set(coveredItemKeys(document, role, releaseKeys)),
    titleOf: (key) => titles.get(key) ?? key,
    unmetGates: gates,
  };
}

export const releaseSubject = (release: LockedRelease) => ({ kind: "release", id: release.id, label: `${release.environmentName} ${release.version}` });

/**
 * Approved when every required role has its quorum of live signatures (active:
 * neither stale nor revoked; one per person, by the unique index); back to
 * awaiting sign-off otherwise.
 */
export async function settleApproval(tx: Tx, context: AuditContext, release: LockedRelease, document: TemplateDocument, reason?: string): Promise<ReleaseStatus> {
  const roles = signoffRoleNames(document);
  const active = await tx.signoff.findMany({ where: { releaseId: release.id, status: "active" }, select: { role: true } });
  const quorums = await readRoleQuorums(tx, release.environmentId);
  const complete = roles.length > 0 && rolesShort(roles, active.map((entry) => entry.role), quorums).length === 0;
  let next: ReleaseStatus = release.status;
  if (release.status === "awaiting_signoff" && complete) next = "approved";
  if (release.status === "approved" && !complete) next = "awaiting_signoff";
  if (next !== release.status) {
    await tx.release.update({ where: { id: release.id }, data: { status: next, updatedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "release.status_changed",
      chain: releaseChain(release.id),
      subject: releaseSubject(release),
      data: { before: { status: release.status }, after: { status: next }, ...(reason ? { reason } : {}) },
    });
    release.status = next;
  }
  return next;
}

/**
 * Signs a release for one role. The signer re-enters their password (a
 * failure counts towards the sign-in limit) or signs with their passkey (the
 * assertion over the challenge derived from what is signed, verified under
 * the row lock: ./passkey-signature.ts, docs/decisions/024), must hold the role, and must
 * pass the environment's separation of duties (one role per person unless
 * allowed, the creator and whoever ticked a covered item when so configured)
 * while the role still needs signers (its quorum); every required item the
 * role covers must be done or N/A (lib/signoffs/can-sign.ts). The signature stores the
 * sha256 of exactly what it covers and the audit head at that moment; if the
 * checklist changed since the signer looked (`shownHash`), nothing is signed.
 */
export type SignOffResult = {
  id: string;
  status: ReleaseStatus;
  contentHash: string;
  /** The role's live signatures now, and how many it needs (its quorum). */
  signers: number;
  quorum: number;
  /** How the signer confirmed it. */
  method: "password" | "passkey" | "oidc";
};

export async function signOff(
  context: AuditContext & { user: SessionUser },
  raw: SignOffInput,
  options: { relyingParty?: RelyingParty; session?: { id: string | null; signInMethod: string | null } } = {},
): Promise<SignOffResult> {
  const input = signOffSchema.parse(raw);
  const { user } = context;
  const target = await lockRelease(db, input.releaseId, false);
  // The role must be held in this release's project (issue 11): Tech Lead of mgit is not Tech Lead of billing.
  if (!signoffRolesIn(user, target.projectId).includes(input.role)) {
    const message = `You do not hold the ${nameForMessage(input.role, "chosen")} role in this project.`;
    throw new AppError("FORBIDDEN", message, { role: [message] });
  }
  const method = input.passkey ? "passkey" : input.sso ? "oidc" : "password";
  if (input.passkey && !options.relyingParty) throw new AppError("BAD_REQUEST", "Passkey signatures are made in the browser.", { passkey: ["Sign in the browser."] });
  if (input.sso && (options.session?.signInMethod !== "oidc" || !options.session.id)) {
    const message = "You did not sign in with your company account in this session: confirm with your password or passkey.";
    throw new AppError("BAD_REQUEST", message, { sso: [message] });
  }
  if (input.password !== undefined && !passwordSignInEnabled()) {
    const message = "Password confirmation is turned off here: confirm with your passkey or your company sign-in.";
    throw new AppError("BAD_REQUEST", message, { password: [message] });
  }
  if (input.password !== undefined) {
    // A failed password is this user's failed attempt to sign this release, on its chain (and still counts towards the sign-in limits).
    const recordFailedSigning = async (tx: Tx, reason: RefusalReason) => {
      await appendAuditEvent(tx, context, {
        type: "signoff.sign_failed",
        chain: releaseChain(target.id),
        subject: releaseSubject(target),
        data: { role: input.role, reason: reason === "rate_limited" ? "rate_limited" : "wrong_password" },
      });
    };
    await reauthenticate(user, input.password, context.origin.address, context.origin.userAgent, recordFailedSigning).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "UNAUTHENTICATED") throw new AppError("UNAUTHENTICATED", "Your password is incorrect; nothing was signed.", { password: ["Your password is incorrect."] });
      throw error;
    });
  }

  let result: SignOffResult;
  try {
    result = await db.$transaction(async (tx) => {
      const release = await lockRelease(tx, input.releaseId);
      const document = await loadTemplateDocument(release.templateVersionId);
      const facts = await readSigningFacts(tx, release, document, user.id);
      const blocker = signingBlocker(facts, input.role, method);
      if (blocker) throw new AppError(blocker.code, blocker.message, blocker.fields, blocker.details);
      // Allowed by the environment (else refused above): recorded, and shown wherever the signature is.
      const signedOwnWork = ownWorkItems(facts, input.role).length > 0;
      const state = await coveredState(tx, release, document, input.role);
      const hash = contentHash({ release: state.release, role: state.role, items: state.items });
      if (hash !== input.shownHash) {
        throw new AppError("CONFLICT", "The checklist changed since you opened it. Review the changes and sign again.", undefined, { contentHash: hash });
      }
      const chain = releaseChain(release.id);
      const auditHead = await releaseHead(tx, release.id);
      // A passkey signed exactly this statement, read under the lock; checked before anything is written (docs/decisions/024).
      const passkey = input.passkey
        ? await verifyPasskeySignature(tx, {
            userId: user.id,
            assertion: input.passkey,
            statement: { releaseId: release.id, role: input.role, meaning: input.meaning, contentHash: hash, auditHead },
            relyingParty: options.relyingParty!,
          })
        : undefined;
      const signedAt = new Date();
      // A fresh company sign-in, made for this signature (prompt=login, max_age=0) moments before: used up here.
      const provider = input.sso ? await takeFreshProviderSignIn(tx, options.session!.id!, user.id, signedAt) : undefined;
      const signoff = await tx.signoff.create({
        data: {
          releaseId: release.id,
          role: input.role,
          signerId: user.id,
          printedName: user.name,
          meaning: input.meaning,
          signedAt,
          contentHash: hash,
          coveredItems: state.keys,
          auditSeq: auditHead.seq,
          auditHash: auditHead.hash,
          signedOwnWork,
          confirmedWith: method,
        },
        select: { id: true },
      });
      if (passkey) await storePasskeySignature(tx, signoff.id, passkey, signedAt);
      // How the signer confirmed it, in the actor snapshot of the signature's event.
      const authentication: ActorAuthentication = passkey
        ? { method: "passkey", credentialId: passkey.credentialId, keyFingerprint: passkey.fingerprint }
        : provider
          ? { method: "oidc", issuer: provider.issuer, subject: provider.subject, authTime: provider.authTime.toISOString() }
          : { method: "password" };
      await appendAuditEvent(tx, { ...context, actor: { ...context.actor, authentication } }, {
        type: "signoff.signed",
        chain,
        subject: releaseSubject(release),
        data: {
          after: {
            role: input.role,
            printedName: user.name,
            meaning: input.meaning,
            contentHash: hash,
            coveredItems: state.keys.length,
            auditHead,
            ...(signedOwnWork ? { signedOwnWork: true as const } : {}),
            signoffId: signoff.id,
          },
        },
      });
      const status = await settleApproval(tx, context, release, document);
      const signers = await tx.signoff.count({ where: { releaseId: release.id, role: input.role, status: "active" } });
      return { id: signoff.id, status, contentHash: hash, signers, quorum: quorumOf(facts.quorums, input.role), method };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      // One live signature per person and role (signoffs_release_role_signer_active_key); the row lock makes this a last resort.
      throw new AppError("CONFLICT", `You signed as ${input.role} a moment ago; one person signs a role once.`);
    }
    throw error;
  }
  // A checkpoint after every sign-off: the signed state is anchored outside the database.
  await checkpointHeads({ chain: releaseChain(input.releaseId) }).catch((error: unknown) =>
    logger.error({ releaseId: input.releaseId, error: firstLine(error) }, "audit checkpoint after sign-off failed"),
  );
  await publishReleaseChange({ releaseId: input.releaseId, kind: "signoff" });
  return result;
}

/** The newest event of a release's chain (seq 0 and the genesis hash before the first): what a signature records as its audit head. */
export async function releaseHead(tx: Tx, releaseId: string): Promise<{ seq: number; hash: string }> {
  const head = await tx.auditEvent.findFirst({ where: { chain: releaseChain(releaseId) }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  return { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
}

/** The hash a role would sign right now: what the sign-off dialog shows and sends back. */
export async function currentContentHash(releaseId: string, role: string): Promise<{ hash: string; coveredItems: number }> {
  return db.$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseId, false);
    const document = await loadTemplateDocument(release.templateVersionId);
    const state = await coveredState(tx, release, document, role);
    return { hash: contentHash({ release: state.release, role: state.role, items: state.items }), coveredItems: state.keys.length };
  });
}
