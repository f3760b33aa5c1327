import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/ctx.ts';
import { actorUserId } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import type { Email, RecordMessage } from '../../../platform/email/index.ts';
import { outboundMessages } from '../../../platform/email/schema.ts';
import { defineJob, type Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { customers } from '../../customers/schema.ts';
import type { Criteria } from '../../customers/index.ts';
import { renderEmail, type Branding } from '../email-html.ts';
import { escapeHtml, renderVariables, unknownVariables } from '../render.ts';
import { messagingGroupSends } from '../schema.ts';
import type { SmsService } from '../sms/index.ts';
import {
  createSendSchema,
  listSendsQuerySchema,
  previewSendSchema,
  type Audience,
  type CreateSend,
  type GroupSendChannel,
  type GroupSendDto,
  type GroupSendPage,
  type ListSendsQuery,
  type PreviewSend,
  type SendPreviewDto,
} from './contracts.ts';
import { GroupSendError } from './errors.ts';

/** More recipients than this need the marketing suite (seed 003). */
export const groupSendLimit = 75;
/** The variables a group send fills for each recipient. */
export const groupSendVariables = ['first_name', 'last_name'] as const;
/** The template key of a group send's messages in the sent-messages log. */
export const groupSendTemplate = 'messaging.group_send';
export const groupSendJobName = 'messaging.group-send';

export interface GroupSendsDeps {
  database: Database;
  jobs: Jobs;
  email: Pick<Email, 'recordMessages'>;
  studios: { getStudio(ctx: Ctx, tx?: Tx): Promise<{ name: string; brandColor: string; accentColor: string; logoUrl: string | null; defaultLocale: 'en' | 'fr'; marketingSuiteEnabled: boolean }> };
  segments: { matchingCustomerIds(ctx: Ctx, audience: { criteria?: Criteria; segmentId?: string }, tx?: Tx): Promise<string[]> };
  publicUrl: string;
  /** Group SMS count against the studio's monthly SMS tier; past it, customers with an email get it by email. */
  sms: Pick<SmsService, 'sendSms'>;
  /** Customers per batch: one short transaction and one `recordMessages` statement each (default 500). */
  batchSize?: number;
  /** How long one job attempt records before handing over to a continuation job (default 30 s). */
  sliceSeconds?: number;
}

/** What the run of a send may be told (tests, and the worker that stops). */
export interface RunOptions {
  signal?: AbortSignal;
  /** Called after each batch is committed, with how many messages the send has so far. */
  afterBatch?: (recorded: number) => Promise<void> | void;
  /** Resume after this customer id (a continuation job). */
  after?: string;
  /** Stop after this long and enqueue a continuation (the job's slices); unset: run to the end. */
  budgetMs?: number;
}

type Recipient = Pick<
  typeof customers.$inferSelect,
  'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'emailMarketingOptOutAt' | 'smsMarketingOptOutAt' | 'smsStoppedAt' | 'anonymizedAt'
>;
type Verdict = 'send' | 'unsubscribed' | 'no_address';

const recipientColumns = {
  id: customers.id,
  firstName: customers.firstName,
  lastName: customers.lastName,
  email: customers.email,
  phone: customers.phone,
  emailMarketingOptOutAt: customers.emailMarketingOptOutAt,
  smsMarketingOptOutAt: customers.smsMarketingOptOutAt,
  smsStoppedAt: customers.smsStoppedAt,
  anonymizedAt: customers.anonymizedAt,
};

/**
 * Who gets a group message. `single`: the audience is one customer — then the message is
 * always delivered (seed 003: an unsubscribe does not stop a message to that one customer),
 * except an SMS to someone who sent STOP, which carriers refuse anyway.
 */
export function verdictOf(c: Recipient, channel: GroupSendChannel, single: boolean): Verdict {
  if (c.anonymizedAt) return 'no_address';
  switch (channel) {
    case 'email':
      if (!c.email) return 'no_address';
      return !single && c.emailMarketingOptOutAt ? 'unsubscribed' : 'send';
    case 'sms':
      if (!c.phone?.trim()) return 'no_address';
      if (c.smsStoppedAt) return 'unsubscribed';
      return !single && c.smsMarketingOptOutAt ? 'unsubscribed' : 'send';
    case 'in_app':
      return 'send';
  }
}

/** Which subscription delivery checks again at send time (null: always delivered). */
function suppressionOf(channel: GroupSendChannel, single: boolean): RecordMessage['suppression'] {
  if (channel === 'email') return single ? null : 'email_marketing';
  if (channel === 'sms') return single ? 'sms' : 'sms_marketing';
  return null;
}

/**
 * A send's content rendered once: the email through MJML with a placeholder for each variable,
 * then per recipient the placeholders are replaced by the recipient's values (escaped in the
 * HTML). MJML per recipient would cost about 10 ms each — minutes for 10,000 customers.
 */
export interface CompiledMessage {
  forRecipient(c: Pick<Recipient, 'firstName' | 'lastName'>): { subject: string | null; text: string; html: string | null };
}

export async function compileMessage(input: { channel: GroupSendChannel; subject: string | null; body: string; branding: Branding; locale: 'en' | 'fr' }): Promise<CompiledMessage> {
  const allowed = [...groupSendVariables];
  // Letters and digits only: nothing that HTML escaping or MJML would change, unguessable in a body.
  const nonce = randomBytes(9).toString('hex');
  const placeholder = (name: string) => `ENSOVAR${nonce}${name.replace(/_/g, '')}END`;
  const placeholders = Object.fromEntries(allowed.map((n) => [n, placeholder(n)]));
  const valuesOf = (c: Pick<Recipient, 'firstName' | 'lastName'>): Record<string, string> => ({ first_name: c.firstName, last_name: c.lastName });
  const fill = (template: string, c: Pick<Recipient, 'firstName' | 'lastName'>, escape: boolean) => {
    let out = template;
    const values = valuesOf(c);
    for (const name of allowed) out = out.split(placeholders[name]!).join(escape ? escapeHtml(values[name] ?? '') : (values[name] ?? ''));
    return out;
  };
  if (input.channel !== 'email') {
    const text = renderVariables(input.body, { allowed, values: placeholders });
    const subject = input.subject ? renderVariables(input.subject, { allowed, values: placeholders }) : null;
    return { forRecipient: (c) => ({ subject: subject === null ? null : fill(subject, c, false), text: fill(text, c, false), html: null }) };
  }
  const blocks = input.body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((text, i) => ({ id: `p${i}`, kind: 'text' as const, text }));
  const compiled = await renderEmail({ subject: input.subject ?? '', blocks, allowed, values: placeholders, branding: input.branding, locale: input.locale });
  return {
    forRecipient: (c) => ({
      subject: fill(compiled.subject, c, false).replace(/\s+/g, ' ').trim(),
      text: fill(compiled.text, c, false),
      html: fill(compiled.html, c, true),
    }),
  };
}

type SendRow = typeof messagingGroupSends.$inferSelect;

export function createGroupSendsService(deps: GroupSendsDeps) {
  const { database, jobs, email } = deps;
  const batchSize = deps.batchSize ?? 500;
  const sliceSeconds = deps.sliceSeconds ?? 30;

  const job = defineJob({
    name: groupSendJobName,
    // `after`: a continuation, from the customer after this id (keyset).
    payload: z.object({ studioId: z.string().min(1), sendId: z.string().min(1), after: z.string().min(1).optional() }),
    dedupeKey: (p) => (p.after ? `${p.sendId}@${p.after}` : p.sendId),
    // An attempt works for at most `sliceSeconds`, then hands over to a continuation job. A worker
    // that dies mid-slice leaves its job active until this timeout; pg-boss then retries it, and
    // the send ledger makes the redone part add nothing.
    timeoutSeconds: 120,
    concurrency: 2,
    handler: async ({ studioId, sendId, after }, jobCtx): Promise<'done' | 'skipped'> => {
      const ctx: Ctx = { studioId: studioId as StudioId, actor: { kind: 'system' }, clock: jobCtx.clock, requestId: `job:${jobCtx.jobId}` };
      const ran = await runSend(ctx, sendId, { signal: jobCtx.signal, budgetMs: sliceSeconds * 1000, ...(after ? { after } : {}) });
      return ran ? 'done' : 'skipped';
    },
  });
  jobs.register(job);

  async function brandingOf(ctx: Ctx, tx: Tx): Promise<{ branding: Branding; locale: 'en' | 'fr'; marketingSuiteEnabled: boolean }> {
    const studio = await deps.studios.getStudio(ctx, tx);
    const base = deps.publicUrl.replace(/\/+$/, '');
    return {
      branding: {
        studioName: studio.name,
        brandColor: studio.brandColor,
        accentColor: studio.accentColor,
        logoUrl: studio.logoUrl ? (/^https?:/i.test(studio.logoUrl) ? studio.logoUrl : `${base}${studio.logoUrl}`) : null,
      },
      locale: studio.defaultLocale,
      marketingSuiteEnabled: studio.marketingSuiteEnabled,
    };
  }

  /** The audience's customers (not archived), in id order: the keyset the send walks. */
  async function audienceIds(tx: Tx, ctx: Ctx, audience: Audience): Promise<string[]> {
    let ids: string[];
    if ('segmentId' in audience) {
      ids = await deps.segments.matchingCustomerIds(ctx, { segmentId: audience.segmentId }, tx);
    } else {
      const wanted = [...new Set(audience.customerIds)];
      ids = [];
      for (let i = 0; i < wanted.length; i += 1_000) {
        const rows = await tx
          .select({ id: customers.id })
          .from(customers)
          .where(and(eq(customers.studioId, ctx.studioId), isNull(customers.archivedAt), inArray(customers.id, wanted.slice(i, i + 1_000))));
        ids.push(...rows.map((r) => r.id));
      }
    }
    return [...new Set(ids)].sort();
  }

  async function recipientsOf(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Recipient[]> {
    if (ids.length === 0) return [];
    return tx
      .select(recipientColumns)
      .from(customers)
      .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.id, [...ids])))
      .orderBy(asc(customers.id));
  }

  async function countAudience(tx: Tx, ctx: Ctx, audience: Audience, channel: GroupSendChannel) {
    const ids = await audienceIds(tx, ctx, audience);
    const single = ids.length === 1;
    let unsubscribed = 0;
    let noAddress = 0;
    for (let i = 0; i < ids.length; i += 1_000) {
      for (const c of await recipientsOf(tx, ctx, ids.slice(i, i + 1_000))) {
        const v = verdictOf(c, channel, single);
        if (v === 'unsubscribed') unsubscribed += 1;
        else if (v === 'no_address') noAddress += 1;
      }
    }
    return { recipients: ids.length, unsubscribed, noAddress, willSend: ids.length - unsubscribed - noAddress };
  }

  async function deliveryCounts(tx: Tx, ctx: Ctx, ids: string[]): Promise<Map<string, GroupSendDto['delivery']>> {
    const out = new Map<string, GroupSendDto['delivery']>();
    if (ids.length === 0) return out;
    const t = outboundMessages;
    const rows = await tx
      .select({ sendId: t.sendId, status: t.status, n: count() })
      .from(t)
      .where(and(eq(t.studioId, ctx.studioId), inArray(t.sendId, ids)))
      .groupBy(t.sendId, t.status);
    for (const r of rows) {
      const d = out.get(r.sendId!) ?? { queued: 0, sent: 0, failed: 0, suppressed: 0 };
      d[r.status] = Number(r.n);
      out.set(r.sendId!, d);
    }
    return out;
  }

  const toDto = (row: SendRow, delivery: GroupSendDto['delivery'] | undefined): GroupSendDto => ({
    id: row.id,
    channel: row.channel,
    subject: row.subject,
    body: row.bodyText,
    audience: 'segmentId' in row.audience ? { kind: 'segment', segmentId: row.audience.segmentId } : { kind: 'customers', count: row.audience.customerIds.length },
    status: row.status,
    recipientCount: row.recipientCount,
    skippedCount: row.skippedCount,
    queuedCount: row.queuedCount,
    delivery: delivery ?? { queued: 0, sent: 0, failed: 0, suppressed: 0 },
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  });

  async function findSend(tx: Tx, ctx: Ctx, id: string): Promise<SendRow> {
    const [row] = await tx
      .select()
      .from(messagingGroupSends)
      .where(and(eq(messagingGroupSends.studioId, ctx.studioId), eq(messagingGroupSends.id, id)));
    if (!row) throw new GroupSendError('send_not_found', 'This group send does not exist.');
    return row;
  }

  const recordedCount = async (tx: Tx, ctx: Ctx, sendId: string) => {
    const [row] = await tx
      .select({ n: count() })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.studioId, ctx.studioId), eq(outboundMessages.sendId, sendId)));
    return Number(row?.n ?? 0);
  };

  /** The customers of `batch` this send already has a message for (the ledger). */
  const alreadySent = async (tx: Tx, ctx: Ctx, sendId: string, batch: string[]): Promise<Set<string>> => {
    const rows = await tx
      .select({ customerId: outboundMessages.customerId })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.studioId, ctx.studioId), eq(outboundMessages.sendId, sendId), inArray(outboundMessages.customerId, batch)));
    return new Set(rows.map((r) => r.customerId!));
  };

  /**
   * The send's job: walks the audience in id order, a batch at a time, each batch one short
   * transaction that renders its messages and records them with `recordMessages` — which skips
   * a customer the send already has a message for (the send ledger). So a run that dies midway
   * and starts again adds only the missing messages. Returns false when the send was already done.
   */
async function runSend(ctx: Ctx, sendId: string, options: RunOptions = {}): Promise<boolean> {
    const started = performance.now();
    const start = await withStudio(database, ctx.studioId, async (tx) => {
      const send = await findSend(tx, ctx, sendId);
      if (send.status === 'done') return null;
      await tx
        .update(messagingGroupSends)
        .set({ status: 'sending' })
        .where(and(eq(messagingGroupSends.studioId, ctx.studioId), eq(messagingGroupSends.id, sendId)));
      const ids = await audienceIds(tx, ctx, send.audience as Audience).catch((err: unknown) => {
        // A segment deleted since: nobody left to send to.
        if (err instanceof DomainError && err.kind === 'not_found') return [];
        throw err;
      });
      return { send, ids, ...(await brandingOf(ctx, tx)) };
    });
    if (!start) return false;
    const { send, ids, branding, locale } = start;
    const studioName = branding.studioName;
    const single = ids.length === 1;
    const compiled = await compileMessage({ channel: send.channel, subject: send.subject, body: send.bodyText, branding, locale });
    const suppression = suppressionOf(send.channel, single);
    // Keyset: resume after the last customer an earlier slice finished (ids are in order).
    let i = options.after ? ids.findIndex((id) => id > options.after!) : 0;
    if (i < 0) i = ids.length;
    for (; i < ids.length; i += batchSize) {
      if (options.signal?.aborted) throw new Error('The group send was interrupted; it resumes where it stopped.');
      if (i > 0 && options.budgetMs !== undefined && performance.now() - started > options.budgetMs) {
        // This slice has had its time: a new job continues after the last customer done, so no
        // attempt runs long and a crashed worker's job (retried when it expires) redoes little.
        const after = ids[i - 1]!;
        await withStudio(database, ctx.studioId, (tx) => jobs.enqueue(tx, job, { studioId: ctx.studioId, sendId, after }, { dedupeKey: `${sendId}@${after}` }));
        return true;
      }
      const batch = ids.slice(i, i + batchSize);
      const recorded = await withStudio(database, ctx.studioId, async (tx) => {
        const messages: RecordMessage[] = [];
        // SMS go one by one through the tier (sendSms): the ledger is checked first, since a
        // customer of a resumed batch who already has this send's message must not get another.
        const done = send.channel === 'sms' ? await alreadySent(tx, ctx, sendId, batch) : new Set<string>();
        for (const c of await recipientsOf(tx, ctx, batch)) {
          if (verdictOf(c, send.channel, single) !== 'send') continue;
          const content = compiled.forRecipient(c);
          if (send.channel === 'sms') {
            if (done.has(c.id)) continue;
            await deps.sms.sendSms(tx, ctx, {
              customerId: c.id,
              to: c.phone!.trim(),
              text: content.text,
              template: groupSendTemplate,
              category: 'manual',
              suppression: suppression ?? null,
              recipientKind: 'customer',
              senderId: send.createdBy,
              sendId,
              fallbackEmail: c.email ? { to: c.email, subject: send.subject ?? studioName, text: content.text } : undefined,
            });
            continue;
          }
          messages.push({
            channel: send.channel,
            to: send.channel === 'email' ? c.email! : c.id,
            subject: content.subject,
            text: content.text,
            html: content.html,
            template: groupSendTemplate,
            customerId: c.id,
            recipientKind: 'customer',
            category: 'manual',
            suppression,
            sendId,
            senderId: send.createdBy,
          });
        }
        await email.recordMessages(tx, ctx, messages);
        const n = await recordedCount(tx, ctx, sendId);
        await tx
          .update(messagingGroupSends)
          .set({ queuedCount: n })
          .where(and(eq(messagingGroupSends.studioId, ctx.studioId), eq(messagingGroupSends.id, sendId)));
        return n;
      });
      await options.afterBatch?.(recorded);
    }
    await withStudio(database, ctx.studioId, async (tx) => {
      const n = await recordedCount(tx, ctx, sendId);
      // Every customer of the audience has a message or was skipped (unsubscribed, no address).
      await tx
        .update(messagingGroupSends)
        .set({ status: 'done', recipientCount: ids.length, skippedCount: Math.max(0, ids.length - n), queuedCount: n, completedAt: ctx.clock.now() })
        .where(and(eq(messagingGroupSends.studioId, ctx.studioId), eq(messagingGroupSends.id, sendId)));
    });
    return true;
  }

  const service = {
    job,

    /** How many customers the message would reach, and how many are skipped and why (before sending). */
    async preview(ctx: Ctx, input: PreviewSend): Promise<SendPreviewDto> {
      const values = parseOrThrow(previewSendSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { marketingSuiteEnabled } = await brandingOf(ctx, tx);
        const counts = await countAudience(tx, ctx, values.audience, values.channel);
        const draft = `${values.subject ?? ''}\n${values.body ?? ''}`;
        return {
          recipients: counts.recipients,
          skipped: { unsubscribed: counts.unsubscribed, noAddress: counts.noAddress },
          willSend: counts.willSend,
          needsMarketingSuite: !marketingSuiteEnabled && counts.willSend > groupSendLimit,
          marketingSuiteEnabled,
          limit: groupSendLimit,
          unknownVariables: unknownVariables(draft, groupSendVariables),
          variables: [...groupSendVariables],
        };
      });
    },

    /**
     * Records the send and enqueues its job in one transaction. Refuses an audience beyond the
     * limit without the marketing suite (403 `marketing_suite_required`), and one nobody would receive.
     */
    async create(ctx: Ctx, input: CreateSend): Promise<GroupSendDto> {
      const values = parseOrThrow(createSendSchema, input);
      const subject = values.subject?.trim() ? values.subject.trim() : null;
      if (values.channel === 'email' && !subject) {
        throw new GroupSendError('subject_required', 'An email needs a subject.', [{ path: 'subject', message: 'Required for an email' }]);
      }
      const row = await withStudio(database, ctx.studioId, async (tx) => {
        const { marketingSuiteEnabled } = await brandingOf(ctx, tx);
        const counts = await countAudience(tx, ctx, values.audience, values.channel);
        if (counts.willSend === 0) {
          throw new GroupSendError('no_recipients', 'Nobody in this audience can receive this message.', [{ path: 'audience', message: 'No recipient' }], {
            recipients: counts.recipients,
            unsubscribed: counts.unsubscribed,
            noAddress: counts.noAddress,
          });
        }
        if (!marketingSuiteEnabled && counts.willSend > groupSendLimit) {
          throw new GroupSendError(
            'marketing_suite_required',
            `Sending to more than ${groupSendLimit} customers at once needs the marketing suite (${counts.willSend} would receive this message). An admin can switch it on in Settings › Studio.`,
            [],
            { limit: groupSendLimit, willSend: counts.willSend },
          );
        }
        const [inserted] = await tx
          .insert(messagingGroupSends)
          .values({
            studioId: ctx.studioId,
            id: newId('groupSend'),
            channel: values.channel,
            subject,
            bodyText: values.body,
            audience: 'segmentId' in values.audience ? { segmentId: values.audience.segmentId } : { customerIds: [...new Set(values.audience.customerIds)] },
            recipientCount: counts.recipients,
            skippedCount: counts.unsubscribed + counts.noAddress,
            queuedCount: 0,
            status: 'queued',
            createdBy: actorUserId(ctx.actor),
            createdAt: ctx.clock.now(),
          })
          .returning();
        await jobs.enqueue(tx, job, { studioId: ctx.studioId, sendId: inserted!.id });
        return inserted!;
      });
      return toDto(row, undefined);
    },

    async get(ctx: Ctx, id: string, tx?: Tx): Promise<GroupSendDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const row = await findSend(t, ctx, id);
        return toDto(row, (await deliveryCounts(t, ctx, [row.id])).get(row.id));
      });
    },

    /** The studio's group sends, newest first. */
    async list(ctx: Ctx, query: ListSendsQuery): Promise<GroupSendPage> {
      const { cursor, limit } = parseOrThrow(listSendsQuerySchema, query);
      const after = cursor ? decodeCursor(cursor) : null;
      return withStudio(database, ctx.studioId, async (tx) => {
        const t = messagingGroupSends;
        const rows = await tx
          .select()
          .from(t)
          .where(and(eq(t.studioId, ctx.studioId), after ? sql`(${t.createdAt}, ${t.id}) < (${after.createdAt}::timestamptz, ${after.id})` : undefined))
          .orderBy(desc(t.createdAt), desc(t.id))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        const delivery = await deliveryCounts(tx, ctx, page.map((r) => r.id));
        const last = page.at(-1);
        return {
          items: page.map((r) => toDto(r, delivery.get(r.id))),
          nextCursor: rows.length > limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
        };
      });
    },

    run: (ctx: Ctx, sendId: string, options: RunOptions = {}) => runSend(ctx, sendId, options),
  };
  return service;
}

export type GroupSendsService = ReturnType<typeof createGroupSendsService>;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [instant, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!id || !instant || Number.isNaN(new Date(instant).getTime())) {
    throw new DomainError('invalid', 'invalid_cursor', 'This cursor is not one a previous page returned.', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
  return { createdAt: instant, id };
}
