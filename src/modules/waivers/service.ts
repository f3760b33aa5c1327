import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { DomainError } from '../../kernel/errors.ts';
import { newId, randomToken, type StudioId } from '../../kernel/ids.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../platform/db/tx.ts';
import { publish } from '../../platform/events/publish.ts';
import type { JobResult, Jobs } from '../../platform/jobs/index.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { childrenOf, type CustomerDataOwner, type CustomerDto, type CustomersService } from '../customers/index.ts';
import type { StudiosService } from '../studios/index.ts';
import {
  createWaiverSchema,
  sendSignRequestSchema,
  signByLinkSchema,
  signInPersonSchema,
  signOwnSchema,
  updateWaiverSchema,
  type CreateWaiver,
  type CustomerWaiverItemDto,
  type CustomerWaiversDto,
  type OwnWaiversDto,
  type SendSignRequest,
  type SentRequestDto,
  type SignatureDto,
  type SignatureMethod,
  type SignatureSummaryDto,
  type SignByLink,
  type SignInPerson,
  type SignLinkDto,
  type SignOwn,
  type UpdateWaiver,
  type UpdateWaiverResult,
  type WaiverDetailDto,
  type WaiverDto,
  type WaiverKind,
  type WaiverToSignDto,
} from './contracts.ts';
import { checkSignaturePng } from './domain/png.ts';
import { isWellFormedToken, linkState, signLinkMs, tokenHash } from './domain/sign-link.ts';
import { signerFor } from './domain/signer.ts';
import { kindForPurpose, standardKindsFor, waiverStatus, type SigningPurpose, type WaiverStatus } from './domain/status.ts';
import { bodySha256, isNewText, normalizeBody, normalizeTitle } from './domain/text.ts';
import { signEmail } from './emails.ts';
import { WaiversError, signatureNotFound, versionChanged, waiverArchived, waiverNotFound } from './errors.ts';
import { waiverEvent } from './events.ts';
import { defineResignRequestJob, resignDedupeKey, resignRequestJobName, type ResignRequestPayload } from './jobs.ts';
import * as repo from './repo.ts';

/**
 * Sends an email in the caller's transaction (recorded now, delivered by a job after it commits):
 * messaging's catalogue `template` (the studio's version, if any) rendered in `locale` with `values`.
 */
export interface WaiverMailer {
  send(
    tx: Tx,
    ctx: Ctx,
    message: { to: string; template: string; locale: 'en' | 'fr'; values: Record<string, string>; customerId: string; recipientKind: 'customer' },
  ): Promise<void>;
}

export interface WaiversDeps {
  database: Database;
  jobs: Jobs;
  mailer: WaiverMailer;
  studios: StudiosService;
  customers: Pick<CustomersService, 'getCustomer' | 'getOwnProfile' | 'registerDataOwner'>;
  /** Where links in emails point, e.g. https://studio.example.com */
  publicUrl: string;
  clock?: Clock;
}

/**
 * Who is asked to sign a waiver's new version when staff choose to notify customers. Each
 * source returns covered customer ids; the audience is their union. Built in: everyone who
 * signed an earlier version. The booking module adds its upcoming attendees with
 * `waivers.addResignAudience(…)` at start-up.
 */
export type ResignAudienceSource = (tx: Tx, ctx: Ctx, waiver: { id: string; kind: WaiverKind; version: number }) => Promise<string[]>;

/** Where a request comes from (IP and user agent are kept with a signature). */
export interface SignMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

/** Input of `acceptAtCheckout`: the customer ticked the box at checkout (booking, point of sale). */
export interface CheckoutAcceptance {
  /** Who the waiver covers (the child for a child waiver). */
  customerId: string;
  waiverId: string;
  /** The version shown at checkout; a newer one makes the call fail with `version_changed`. */
  version: number;
  /** Who ticked the box: the customer, or the child's parent. Defaults to whoever must sign. */
  signerId?: string;
  signerName: string;
  ip?: string | null;
  userAgent?: string | null;
}

const iso = (d: Date) => d.toISOString();
const fullName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();
const standardKinds: readonly string[] = ['customer', 'membership', 'child'];
const maxUserAgent = 500;

const toWaiverDto = (w: repo.CurrentWaiverRow): WaiverDto => ({
  id: w.id,
  kind: w.kind as WaiverKind,
  title: w.title,
  body: w.body,
  bodySha256: w.bodySha256,
  currentVersion: w.currentVersion,
  archived: w.archivedAt !== null,
  createdAt: iso(w.createdAt),
  updatedAt: iso(w.updatedAt),
});

const toSummary = (s: repo.SignatureListRow): SignatureSummaryDto => ({
  id: s.id,
  waiverId: s.waiverId,
  waiverTitle: s.waiverTitle,
  version: s.version,
  customerId: s.customerId,
  signerId: s.signerId,
  signerName: s.signerName,
  method: s.method as SignatureMethod,
  signedAt: iso(s.signedAt),
});

const toWaiverToSign = (w: repo.CurrentWaiverRow, covered: CustomerDto, status: WaiverStatus): WaiverToSignDto => ({
  waiverId: w.id,
  kind: w.kind as WaiverKind,
  title: w.title,
  body: w.body,
  version: w.currentVersion,
  customerId: covered.id,
  customerName: fullName(covered),
  status,
});

/** Strips an optional data-URL prefix and decodes the base64 PNG the signature pad sent. */
function decodePng(base64: string): Buffer {
  return Buffer.from(base64.replace(/^data:image\/png;base64,/, ''), 'base64');
}

export function createWaiversService(deps: WaiversDeps) {
  const { database, jobs, mailer, studios, customers } = deps;
  const clock = deps.clock ?? systemClock;
  const audienceSources: ResignAudienceSource[] = [
    // Everyone who signed an earlier version of this waiver.
    (tx, ctx, waiver) => repo.customersWhoSignedBefore(tx, ctx, waiver.id, waiver.version),
  ];

  async function getWaiverOrThrow(tx: Tx, ctx: Ctx, id: string, lock = false) {
    const waiver = await repo.findWaiver(tx, ctx, id, { lock });
    if (!waiver) throw waiverNotFound();
    return waiver;
  }

  async function resignAudience(tx: Tx, ctx: Ctx, waiver: { id: string; kind: WaiverKind; version: number }): Promise<string[]> {
    const ids = new Set<string>();
    for (const source of audienceSources) for (const id of await source(tx, ctx, waiver)) ids.add(id);
    return [...ids].sort();
  }

  /** A standard waiver applies to the profiles of its kind; a custom one to whoever it was sent to (or staff choose). */
  async function appliesTo(tx: Tx, ctx: Ctx, waiver: repo.CurrentWaiverRow, covered: CustomerDto): Promise<boolean> {
    if (waiver.kind !== 'custom') return (standardKindsFor(covered) as string[]).includes(waiver.kind);
    return (await repo.waiverIdsTouching(tx, ctx, covered.id)).includes(waiver.id);
  }

  interface SignInput {
    waiver: repo.CurrentWaiverRow;
    version: number;
    covered: CustomerDto;
    proposedSignerId?: string | undefined;
    signerName: string;
    method: SignatureMethod;
    image?: Buffer | null;
    ip?: string | null | undefined;
    userAgent?: string | null | undefined;
    witnessId?: string | null;
    requestId?: string | null;
  }

  /** Records one signature of the current version, after checking who may sign; publishes `waiver.signed.v1`. */
  async function recordSignature(tx: Tx, ctx: Ctx, input: SignInput): Promise<SignatureSummaryDto> {
    const { waiver, covered } = input;
    if (waiver.archivedAt !== null) throw waiverArchived();
    if (input.version !== waiver.currentVersion) throw versionChanged(waiver.currentVersion);
    const signer = signerFor(waiver.kind as WaiverKind, covered, input.proposedSignerId);
    if (!signer.ok) {
      throw signer.reason === 'not_a_child'
        ? new WaiversError('not_a_child', 'A child waiver is signed for a child profile, by their parent.')
        : new WaiversError('not_the_parent', "Only the child's parent may sign this waiver for them.");
    }
    const id = newId('waiverSignature');
    const signedAt = ctx.clock.now();
    const row = {
      studioId: ctx.studioId,
      id,
      waiverId: waiver.id,
      version: waiver.currentVersion,
      customerId: covered.id,
      signerId: signer.signerId,
      signerName: normalizeTitle(input.signerName),
      method: input.method,
      bodySha256: waiver.bodySha256,
      signatureImage: input.image ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ? input.userAgent.slice(0, maxUserAgent) : null,
      witnessId: input.witnessId ?? null,
      requestId: input.requestId ?? null,
      signedAt,
    };
    await repo.insertSignature(tx, row);
    await publish(
      tx,
      ctx,
      waiverEvent('waiver.signed.v1', covered.id, { waiverId: waiver.id, version: waiver.currentVersion, method: input.method, signerId: signer.signerId }),
    );
    return toSummary({ ...row, waiverTitle: waiver.title });
  }

  /**
   * Creates a single-use link for `covered` and emails it (to the parent for a child), in the
   * caller's transaction. Null when nobody can receive it (no email, anonymised profile).
   */
  async function issueRequest(
    tx: Tx,
    ctx: Ctx,
    waiver: repo.CurrentWaiverRow,
    covered: CustomerDto,
    reason: 'custom' | 'request' | 'resign',
    note: string,
  ): Promise<SentRequestDto | null> {
    const recipient = covered.parentId !== null ? await customers.getCustomer(ctx, covered.parentId, tx) : covered;
    if (recipient.email === null || recipient.anonymized) return null;
    const token = randomToken();
    const now = ctx.clock.now();
    const id = newId('signRequest');
    const expiresAt = new Date(now.getTime() + signLinkMs);
    await repo.insertRequest(tx, {
      studioId: ctx.studioId,
      id,
      waiverId: waiver.id,
      version: waiver.currentVersion,
      customerId: covered.id,
      tokenHash: tokenHash(token),
      reason,
      note,
      createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      createdAt: now,
      expiresAt,
    });
    const studio = await studios.getStudio(ctx, tx);
    const link = `${deps.publicUrl}/s/${studio.slug}/waivers/sign?token=${encodeURIComponent(token)}`;
    const locale = recipient.locale ?? studio.defaultLocale;
    const { template, values } = signEmail({
      reason,
      locale,
      studioName: studio.name,
      firstName: recipient.firstName,
      lastName: recipient.lastName,
      waiverTitle: waiver.title,
      version: waiver.currentVersion,
      childName: covered.parentId !== null ? fullName(covered) : null,
      note,
      link,
    });
    await mailer.send(tx, ctx, { to: recipient.email, template, locale, values, customerId: recipient.id, recipientKind: 'customer' });
    await publish(tx, ctx, waiverEvent('waiver.sign_requested.v1', covered.id, { waiverId: waiver.id, version: waiver.currentVersion, reason }));
    return { id, to: recipient.email, expiresAt: iso(expiresAt) };
  }

  /** The job: reloads, skips what no longer applies, then issues one re-sign request. */
  async function sendResignRequest(payload: ResignRequestPayload, jobClock: Clock, jobId: string): Promise<JobResult> {
    const studioId = payload.studioId as StudioId;
    const ctx: Ctx = { studioId, actor: { kind: 'system' }, clock: jobClock, requestId: jobId };
    return withStudio(database, studioId, async (tx) => {
      const waiver = await repo.findWaiver(tx, ctx, payload.waiverId);
      // Archived, or changed again since: the newer version's own requests (if any) take over.
      if (!waiver || waiver.archivedAt !== null || waiver.currentVersion !== payload.version) return 'skipped';
      const signed = await repo.latestSignedVersion(tx, ctx, payload.customerId, waiver.id);
      if (signed !== null && signed >= waiver.currentVersion) return 'skipped';
      let covered: CustomerDto;
      try {
        covered = await customers.getCustomer(ctx, payload.customerId, tx);
      } catch {
        return 'skipped';
      }
      const sent = await issueRequest(tx, ctx, waiver, covered, 'resign', (await repo.listVersions(tx, ctx, waiver.id))[0]?.note ?? '');
      return sent ? 'done' : 'skipped';
    });
  }

  const resignJob = defineResignRequestJob((payload, jobCtx) => sendResignRequest(payload, jobCtx.clock, jobCtx.jobId));
  jobs.register(resignJob);

  async function openLink(tx: Tx, ctx: Ctx, token: string, lock: boolean) {
    const request = isWellFormedToken(token) ? await repo.findRequestByHash(tx, ctx, tokenHash(token), { lock }) : undefined;
    if (!request) throw new WaiversError('sign_link_not_found', 'This signing link is not valid. Check that you opened the whole link from the email.');
    const state = linkState(request, ctx.clock.now());
    if (state === 'used') throw new WaiversError('sign_link_used', 'This signing link was already used: the waiver is signed. Ask the studio for a new link if needed.');
    if (state === 'expired') throw new WaiversError('sign_link_expired', 'This signing link has expired (links work for 14 days). Ask the studio to send a new one.');
    const waiver = await getWaiverOrThrow(tx, ctx, request.waiverId);
    if (waiver.archivedAt !== null) throw waiverArchived();
    const covered = await customers.getCustomer(ctx, request.customerId, tx);
    return { request, waiver, covered };
  }

  async function publicCtx(slug: string, meta: SignMeta) {
    const studio = await studios.getPublicStudio(slug);
    const ctx: Ctx = { studioId: studio.id, actor: { kind: 'anonymous' }, clock, requestId: meta.requestId ?? 'public' };
    return { studio, ctx };
  }

  const dataOwner: CustomerDataOwner = {
    name: 'waivers',
    count: (tx, ctx, customerId) => repo.countFor(tx, ctx, customerId),
    move: (tx, ctx, fromId, intoId) => repo.moveCustomer(tx, ctx, fromId, intoId),
    hasHistory: (tx, ctx, customerId) => repo.hasSignatures(tx, ctx, customerId),
    erase: (tx, ctx, customerId) => repo.deleteUnusedRequests(tx, ctx, customerId),
    async exportFor(tx, ctx, customerId) {
      const signatures = await repo.signaturesInvolving(tx, ctx, customerId);
      const versions = await repo.findVersions(tx, ctx, signatures.map((s) => ({ waiverId: s.waiverId, version: s.version })));
      return {
        signatures: signatures.map((s) => ({
          ...toSummary(s),
          role: s.customerId === customerId ? (s.signerId === customerId ? 'covered_and_signer' : 'covered') : 'signer',
          bodySha256: s.bodySha256,
          ip: s.ip,
          userAgent: s.userAgent,
        })),
        versionsSigned: versions.map((v) => ({ waiverId: v.waiverId, version: v.version, title: v.title, body: v.body, bodySha256: v.bodySha256 })),
      };
    },
  };
  customers.registerDataOwner(dataOwner);

  return {
    /** Adds who must re-sign a waiver's new version (booking: everyone booked in an upcoming class). */
    addResignAudience(source: ResignAudienceSource): void {
      audienceSources.push(source);
    },

    /** The studio's waivers with their current text; archived ones only when asked. */
    async listWaivers(ctx: Ctx, options: { archived?: boolean } = {}): Promise<WaiverDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => (await repo.listWaivers(tx, ctx, { archived: options.archived ?? false })).map(toWaiverDto));
    },

    /** A waiver with every version of its text, newest first. */
    async getWaiver(ctx: Ctx, id: string): Promise<WaiverDetailDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const waiver = await getWaiverOrThrow(tx, ctx, id);
        const versions = await repo.listVersions(tx, ctx, id);
        return {
          ...toWaiverDto(waiver),
          versions: versions.map((v) => ({ version: v.version, title: v.title, body: v.body, bodySha256: v.bodySha256, note: v.note, createdAt: iso(v.createdAt) })),
        };
      });
    },

    /** A studio has at most one active waiver of each standard kind (409 standard_kind_taken) and any number of custom ones. */
    async createWaiver(ctx: Ctx, input: CreateWaiver): Promise<WaiverDto> {
      const values = parseOrThrow(createWaiverSchema, input);
      const taken = () =>
        new WaiversError('standard_kind_taken', `This studio already has an active ${values.kind} waiver: edit it instead.`, [
          { path: 'kind', message: 'Already taken by an active waiver.' },
        ]);
      return withStudio(database, ctx.studioId, async (tx) => {
        if (values.kind !== 'custom' && (await repo.findActiveStandard(tx, ctx, values.kind))) throw taken();
        const id = newId('waiver');
        const now = ctx.clock.now();
        const title = normalizeTitle(values.title);
        const body = normalizeBody(values.body);
        try {
          await repo.insertWaiver(tx, { studioId: ctx.studioId, id, kind: values.kind, title, currentVersion: 1, createdAt: now, updatedAt: now });
        } catch (err) {
          if (repo.isStandardKindViolation(err)) throw taken();
          throw err;
        }
        await repo.insertVersion(tx, {
          studioId: ctx.studioId,
          waiverId: id,
          version: 1,
          title,
          body,
          bodySha256: bodySha256(body),
          createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
          createdAt: now,
        });
        await publish(tx, ctx, waiverEvent('waiver.created.v1', id, { waiverId: id, kind: values.kind }));
        return toWaiverDto(await getWaiverOrThrow(tx, ctx, id));
      });
    },

    /**
     * Saving a changed title or text publishes version n+1 (old versions are never edited); an
     * unchanged text is no new version. With `notifyCustomers`, every customer of the re-sign
     * audience gets a job that emails them a link to sign the new version, with `note`.
     */
    async updateWaiver(ctx: Ctx, id: string, input: UpdateWaiver): Promise<UpdateWaiverResult> {
      const values = parseOrThrow(updateWaiverSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const current = await getWaiverOrThrow(tx, ctx, id, true);
        if (current.archivedAt !== null) throw waiverArchived();
        const next = { title: normalizeTitle(values.title ?? current.title), body: normalizeBody(values.body ?? current.body) };
        if (!isNewText(current, next)) return { waiver: toWaiverDto(current), newVersion: false, notified: 0 };
        const version = current.currentVersion + 1;
        const now = ctx.clock.now();
        await repo.insertVersion(tx, {
          studioId: ctx.studioId,
          waiverId: id,
          version,
          title: next.title,
          body: next.body,
          bodySha256: bodySha256(next.body),
          note: values.notifyCustomers ? values.note : '',
          createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
          createdAt: now,
        });
        await repo.updateWaiver(tx, ctx, id, { title: next.title, currentVersion: version, updatedAt: now });
        await publish(tx, ctx, waiverEvent('waiver.updated.v1', id, { waiverId: id, version }));
        let notified = 0;
        if (values.notifyCustomers) {
          const audience = await resignAudience(tx, ctx, { id, kind: current.kind as WaiverKind, version });
          const items = audience.map((customerId) => {
            const payload = { studioId: ctx.studioId, waiverId: id, version, customerId };
            return { payload, dedupeKey: resignDedupeKey(payload) };
          });
          if (items.length > 0) await jobs.enqueueMany(tx, resignRequestJobName, items);
          notified = audience.length;
        }
        return { waiver: toWaiverDto(await getWaiverOrThrow(tx, ctx, id)), newVersion: true, notified };
      });
    },

    /** An archived waiver is no longer offered or signed; its signatures stay. */
    async archiveWaiver(ctx: Ctx, id: string): Promise<WaiverDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const waiver = await getWaiverOrThrow(tx, ctx, id, true);
        if (waiver.archivedAt === null) {
          await repo.updateWaiver(tx, ctx, id, { archivedAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
          await publish(tx, ctx, waiverEvent('waiver.archived.v1', id, { waiverId: id }));
        }
        return toWaiverDto(await getWaiverOrThrow(tx, ctx, id));
      });
    },

    /** A profile's waivers: each applicable or touched waiver's status, and every signature covering the customer. */
    async customerWaivers(ctx: Ctx, customerId: string): Promise<CustomerWaiversDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const covered = await customers.getCustomer(ctx, customerId, tx);
        const kinds = standardKindsFor(covered) as string[];
        const standard = (await repo.listWaivers(tx, ctx, { archived: false })).filter((w) => kinds.includes(w.kind));
        const touched = await repo.findWaiversByIds(tx, ctx, await repo.waiverIdsTouching(tx, ctx, customerId));
        const shown = [...standard, ...touched.filter((w) => !standard.some((s) => s.id === w.id))];
        const signatures = await repo.listSignaturesCovering(tx, ctx, [customerId]);
        const requests = await repo.openRequests(tx, ctx, [customerId], ctx.clock.now());
        const items: CustomerWaiverItemDto[] = shown.map((w) => {
          const last = signatures.find((s) => s.waiverId === w.id) ?? null;
          const latestVersion = signatures.filter((s) => s.waiverId === w.id).reduce<number | null>((m, s) => Math.max(m ?? 0, s.version), null);
          const request = requests.find((r) => r.waiverId === w.id) ?? null;
          return {
            waiver: { id: w.id, kind: w.kind as WaiverKind, title: w.title, currentVersion: w.currentVersion, archived: w.archivedAt !== null },
            status: waiverStatus(w.currentVersion, latestVersion),
            lastSignature: last ? toSummary(last) : null,
            pendingRequest: request ? { sentAt: iso(request.createdAt), expiresAt: iso(request.expiresAt) } : null,
          };
        });
        const rank = (k: string) => (standardKinds.includes(k) ? standardKinds.indexOf(k) : 3);
        items.sort((a, b) => rank(a.waiver.kind) - rank(b.waiver.kind) || a.waiver.title.localeCompare(b.waiver.title));
        return { customerId, parentId: covered.parentId, items, signatures: signatures.map(toSummary) };
      });
    },

    /** One signature with the exact text of the version that was signed. */
    async getSignature(ctx: Ctx, id: string): Promise<SignatureDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const signature = await repo.findSignature(tx, ctx, id);
        if (!signature) throw signatureNotFound();
        const [version] = await repo.findVersions(tx, ctx, [{ waiverId: signature.waiverId, version: signature.version }]);
        const waiver = await getWaiverOrThrow(tx, ctx, signature.waiverId);
        return {
          ...toSummary(signature),
          title: version!.title,
          body: version!.body,
          bodySha256: signature.bodySha256,
          ip: signature.ip,
          userAgent: signature.userAgent,
          witnessId: signature.witnessId,
          imageUrl: signature.signatureImage ? `/api/v1/waiver-signatures/${signature.id}/image` : null,
          currentVersion: waiver.currentVersion,
        };
      });
    },

    /** The drawn signature of an in-person signature, as PNG bytes. */
    async getSignatureImage(ctx: Ctx, id: string): Promise<Buffer> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const signature = await repo.findSignature(tx, ctx, id);
        if (!signature?.signatureImage) throw signatureNotFound();
        return signature.signatureImage;
      });
    },

    /**
     * Staff have the customer (or, for a child waiver, the parent) sign in person on a tablet:
     * the drawn signature is kept as PNG and the staff member is the witness.
     */
    async signInPerson(ctx: Ctx, customerId: string, input: SignInPerson, meta: SignMeta = {}): Promise<SignatureSummaryDto> {
      const values = parseOrThrow(signInPersonSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const covered = await customers.getCustomer(ctx, customerId, tx);
        const waiver = await getWaiverOrThrow(tx, ctx, values.waiverId);
        const image = decodePng(values.signaturePng);
        const png = checkSignaturePng(image);
        if (!png.ok) throw new WaiversError('invalid_signature_image', png.reason, [{ path: 'signaturePng', message: png.reason }]);
        return recordSignature(tx, ctx, {
          waiver,
          version: values.version,
          covered,
          signerName: values.signerName,
          method: 'in_person',
          image,
          ip: meta.ip,
          userAgent: meta.userAgent,
          witnessId: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
        });
      });
    },

    /** Staff email a single-use link (14 days) to sign any active waiver; a child's goes to the parent. */
    async sendSignRequest(ctx: Ctx, customerId: string, input: SendSignRequest): Promise<SentRequestDto> {
      const values = parseOrThrow(sendSignRequestSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const covered = await customers.getCustomer(ctx, customerId, tx);
        const waiver = await getWaiverOrThrow(tx, ctx, values.waiverId);
        if (waiver.archivedAt !== null) throw waiverArchived();
        const signer = signerFor(waiver.kind as WaiverKind, covered);
        if (!signer.ok) throw new WaiversError('not_a_child', 'A child waiver is sent for a child profile, to their parent.');
        const sent = await issueRequest(tx, ctx, waiver, covered, waiver.kind === 'custom' ? 'custom' : 'request', values.note);
        if (!sent) {
          throw new WaiversError('no_email', 'This customer (or the parent of this child) has no email address to send the link to.', [
            { path: 'customerId', message: 'No email address.' },
          ]);
        }
        return sent;
      });
    },

    /** The emailed link's page: the waiver to sign. Unknown, used and expired links are refused with their reason. */
    async openSignLink(slug: string, token: string, meta: SignMeta = {}): Promise<SignLinkDto> {
      const { studio, ctx } = await publicCtx(slug, meta);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { request, waiver, covered } = await openLink(tx, ctx, token, false);
        const signer = covered.parentId !== null ? await customers.getCustomer(ctx, covered.parentId, tx) : covered;
        const signed = await repo.latestSignedVersion(tx, ctx, covered.id, waiver.id);
        return {
          studioName: studio.name,
          waiver: toWaiverToSign(waiver, covered, waiverStatus(waiver.currentVersion, signed)),
          note: request.note,
          expiresAt: iso(request.expiresAt),
          signerName: fullName(signer),
        };
      });
    },

    /** Signs through an emailed link (method email_link); the link then stops working. */
    async signByLink(slug: string, input: SignByLink, meta: SignMeta = {}): Promise<SignatureSummaryDto> {
      const values = parseOrThrow(signByLinkSchema, input);
      const { ctx } = await publicCtx(slug, meta);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { request, waiver, covered } = await openLink(tx, ctx, values.token, true);
        const signature = await recordSignature(tx, ctx, {
          waiver,
          version: values.version,
          covered,
          signerName: values.signerName,
          method: 'email_link',
          ip: meta.ip,
          userAgent: meta.userAgent,
          requestId: request.id,
        });
        if (!(await repo.markRequestUsed(tx, ctx, request.id, signature.id, ctx.clock.now()))) {
          throw new WaiversError('sign_link_used', 'This signing link was already used.');
        }
        return signature;
      });
    },

    /** The signed-in customer's waivers to sign (their own, and their children's child waiver) and what they signed. */
    async listOwnWaivers(ctx: Ctx): Promise<OwnWaiversDto> {
      const own = await customers.getOwnProfile(ctx);
      return withStudio(database, ctx.studioId, async (tx) => {
        const people = [own, ...(await childrenOf(tx, ctx, own.id))];
        const active = await repo.listWaivers(tx, ctx, { archived: false });
        const signatures = await repo.listSignaturesCovering(tx, ctx, people.map((p) => p.id));
        const requests = await repo.openRequests(tx, ctx, people.map((p) => p.id), ctx.clock.now());
        const pending: WaiverToSignDto[] = [];
        for (const person of people) {
          const kinds = standardKindsFor(person) as string[];
          const requested = new Set(requests.filter((r) => r.customerId === person.id).map((r) => r.waiverId));
          for (const waiver of active.filter((w) => kinds.includes(w.kind) || (w.kind === 'custom' && requested.has(w.id)))) {
            const versions = signatures.filter((s) => s.customerId === person.id && s.waiverId === waiver.id).map((s) => s.version);
            const status = waiverStatus(waiver.currentVersion, versions.length > 0 ? Math.max(...versions) : null);
            if (status !== 'signed') pending.push(toWaiverToSign(waiver, person, status));
          }
        }
        const names = new Map(people.map((p) => [p.id, fullName(p)]));
        return { pending, signed: signatures.map((s) => ({ ...toSummary(s), customerName: names.get(s.customerId) ?? '' })) };
      });
    },

    /** The customer ticks the box for themselves, or as the parent for their child (method checkbox). */
    async signOwn(ctx: Ctx, input: SignOwn, meta: SignMeta = {}): Promise<SignatureSummaryDto> {
      const values = parseOrThrow(signOwnSchema, input);
      const own = await customers.getOwnProfile(ctx);
      return withStudio(database, ctx.studioId, async (tx) => {
        const covered = values.customerId === own.id ? own : await customers.getCustomer(ctx, values.customerId, tx);
        if (covered.id !== own.id && covered.parentId !== own.id) {
          throw new WaiversError('not_the_parent', 'You may sign only for yourself and your own children.');
        }
        const waiver = await getWaiverOrThrow(tx, ctx, values.waiverId);
        if (!(await appliesTo(tx, ctx, waiver, covered))) {
          throw new WaiversError('not_applicable', 'This waiver is not one to sign for this person.', [{ path: 'waiverId', message: 'Not applicable.' }]);
        }
        return recordSignature(tx, ctx, {
          waiver,
          version: values.version,
          covered,
          proposedSignerId: own.id,
          signerName: values.signerName,
          method: 'checkbox',
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
      });
    },

    /**
     * What a customer must sign before a booking or purchase (booking and point of sale call
     * this): the standard waiver of the purpose, when it exists and its current version is not
     * signed. `child_booking` takes the child's id; the parent signs.
     */
    async pendingFor(ctx: Ctx, customerId: string, purpose: SigningPurpose, tx?: Tx): Promise<WaiverToSignDto[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const covered = await customers.getCustomer(ctx, customerId, t);
        const kind = kindForPurpose(purpose);
        if (kind === 'child' && covered.parentId === null) {
          throw new WaiversError('not_a_child', 'A child booking is for a child profile.');
        }
        const waiver = await repo.findActiveStandard(t, ctx, kind);
        if (!waiver) return [];
        const status = waiverStatus(waiver.currentVersion, await repo.latestSignedVersion(t, ctx, covered.id, waiver.id));
        return status === 'signed' ? [] : [toWaiverToSign(waiver, covered, status)];
      });
    },

    /** Records the box ticked at checkout (method checkbox) inside the booking's or sale's transaction. */
    async acceptAtCheckout(tx: Tx, ctx: Ctx, input: CheckoutAcceptance): Promise<SignatureSummaryDto> {
      if (normalizeTitle(input.signerName) === '') {
        throw new DomainError('invalid', 'validation_failed', 'signerName: the signer types their full name', [{ path: 'signerName', message: 'Required' }]);
      }
      const covered = await customers.getCustomer(ctx, input.customerId, tx);
      const waiver = await getWaiverOrThrow(tx, ctx, input.waiverId);
      return recordSignature(tx, ctx, {
        waiver,
        version: input.version,
        covered,
        proposedSignerId: input.signerId,
        signerName: input.signerName,
        method: 'checkbox',
        ip: input.ip,
        userAgent: input.userAgent,
      });
    },
  };
}

export type WaiversService = ReturnType<typeof createWaiversService>;
