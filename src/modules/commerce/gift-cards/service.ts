import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../../kernel/ctx.ts';
import { actorUserId } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService } from '../../customers/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { CreditReason } from '../credits/contracts.ts';
import { decodeCursor, pageOf } from '../credits/domain/cursor.ts';
import { CommerceError } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import type { Fulfiller } from '../fulfilment.ts';
import type { GiftCardTender } from '../ports.ts';
import {
  adjustGiftCardSchema,
  giftCardLineMetadataSchema,
  issueGiftCardSchema,
  listGiftCardsQuerySchema,
  redeemToCreditSchema,
  updateGiftCardSettingsSchema,
  type AdjustGiftCard,
  type GiftCardDetailDto,
  type GiftCardDto,
  type GiftCardEntryKind,
  type GiftCardPage,
  type GiftCardSettingsDto,
  type GiftCardStatus,
  type IssueGiftCard,
  type ListGiftCardsQuery,
  type RedeemToCredit,
  type RedeemedToCredit,
  type UpdateGiftCardSettings,
} from './contracts.ts';
import { codeFromBytes, formatCode, normalizeCode } from './domain/code.ts';
import { formatAmount, giftCardValues } from './emails.ts';
import * as repo from './repo.ts';

export interface GiftCardsDeps {
  database: Database;
  studios: StudiosService;
  customers: CustomersService;
  /** Prepaid credit (credits/service.ts), where "redeem as store credit" moves a card's balance. */
  credits: {
    post(tx: Tx, ctx: Ctx, input: { customerId: string; deltaMinor: number; reason: CreditReason; giftCardId?: string | null; note?: string }): Promise<{ id: string; balanceAfterMinor: number }>;
  };
  /** Sends messaging's catalogue `template` (the studio's version, if any) rendered in `locale` with `values`, in the caller's transaction. */
  mailer: {
    send(tx: Tx, ctx: Ctx, message: { to: string; template: string; locale: 'en' | 'fr'; values: Record<string, string>; recipientKind: 'customer'; suppression: null }): Promise<void>;
  };
  publicUrl: string;
}

/** Failed look-ups by code allowed per caller in the window before look-ups lock (codes cannot be guessed by trying). */
export const lookupFailureLimit = 10;
export const lookupWindowMs = 15 * 60 * 1000;

const defaults = { minAmountMinor: 1000, maxAmountMinor: 50000, validityMonths: null as number | null };

function statusOf(c: { balanceMinor: number; expiresAt: Date | null }, now: Date): GiftCardStatus {
  if (c.expiresAt && c.expiresAt.getTime() <= now.getTime()) return 'expired';
  return c.balanceMinor > 0 ? 'active' : 'used';
}

const toDto = (c: repo.GiftCardRow, currency: string, now: Date): GiftCardDto => ({
  id: c.id,
  code: formatCode(c.code),
  initialAmountMinor: c.initialAmountMinor,
  balanceMinor: c.balanceMinor,
  currency,
  status: statusOf(c, now),
  source: c.source as 'pos' | 'staff',
  customerId: c.customerId,
  customerName: c.customerName,
  purchaserCustomerId: c.purchaserCustomerId,
  recipientName: c.recipientName,
  recipientEmail: c.recipientEmail,
  message: c.message,
  orderId: c.orderId,
  expiresAt: c.expiresAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
});

const toEntryDto = (e: repo.GiftCardEntryRow) => ({
  id: e.id,
  kind: e.kind as GiftCardEntryKind,
  deltaMinor: e.deltaMinor,
  balanceAfterMinor: e.balanceAfterMinor,
  orderId: e.orderId,
  refundId: e.refundId,
  note: e.note,
  createdAt: e.createdAt.toISOString(),
});

/** The one answer to every code that does not open a card: unknown, mistyped or malformed alike. */
const notFound = () => new CommerceError('gift_card_not_found', 'No gift card has this code.', [{ path: 'code', message: 'No gift card has this code' }]);

/** `months` calendar months after `from` (UTC), the day clamped to the month's end: 31 Jan + 1 = 28/29 Feb. */
function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

function actorKeyOf(ctx: Ctx): string {
  switch (ctx.actor.kind) {
    case 'customer':
      return `cus:${ctx.actor.customerId}`;
    case 'staff':
      return `usr:${ctx.actor.userId}`;
    case 'api_key':
      return `key:${ctx.actor.apiKeyId}`;
    default:
      return ctx.actor.kind;
  }
}

interface IssueInput {
  amountMinor: number;
  source: 'pos' | 'staff';
  customerId: string | null;
  purchaserCustomerId: string | null;
  recipientName: string;
  recipientEmail: string | null;
  message: string;
  orderId: string | null;
  orderLineId: string | null;
  expiresAt: Date | null;
  note: string;
}

export function createGiftCardsService({ database, studios, customers, credits, mailer, publicUrl }: GiftCardsDeps) {
  async function settingsOf(tx: Tx, ctx: Ctx) {
    const row = await repo.findSettings(tx, ctx);
    return row ? { minAmountMinor: row.minAmountMinor, maxAmountMinor: row.maxAmountMinor, validityMonths: row.validityMonths } : defaults;
  }

  async function cardOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const card = await repo.findById(tx, ctx, id);
    if (!card) throw new CommerceError('gift_card_not_found', 'This gift card does not exist.');
    return card;
  }

  async function checkCustomer(tx: Tx, ctx: Ctx, customerId: string | null, path: string) {
    if (!customerId) return;
    try {
      await customers.getCustomer(ctx, customerId, tx);
    } catch (err) {
      if ((err as { kind?: string }).kind === 'not_found') throw new CommerceError('customer_not_found', 'This customer does not exist.', [{ path, message: 'Unknown customer' }]);
      throw err;
    }
  }

  async function entry(tx: Tx, ctx: Ctx, cardId: string, kind: GiftCardEntryKind, delta: number, after: number, links: { orderId?: string | null; refundId?: string | null; creditEntryId?: string | null; note?: string } = {}) {
    return repo.insertEntry(tx, {
      studioId: ctx.studioId,
      id: newId('giftCardEntry'),
      giftCardId: cardId,
      kind,
      deltaMinor: delta,
      balanceAfterMinor: after,
      orderId: links.orderId ?? null,
      refundId: links.refundId ?? null,
      creditEntryId: links.creditEntryId ?? null,
      note: links.note ?? '',
      createdBy: actorUserId(ctx.actor),
      createdAt: ctx.clock.now(),
    });
  }

  /** Makes a card with a fresh code, its `issued` row and event, and emails the code to the recipient (outbox, same tx). */
  async function issueIn(tx: Tx, ctx: Ctx, input: IssueInput): Promise<repo.GiftCardRow> {
    const now = ctx.clock.now();
    const id = newId('giftCard');
    // 80 random bits: a collision within a studio is astronomically unlikely; the unique index would refuse it anyway.
    const code = codeFromBytes(randomBytes(10));
    await repo.insertCard(tx, {
      studioId: ctx.studioId,
      id,
      code,
      initialAmountMinor: input.amountMinor,
      balanceMinor: input.amountMinor,
      source: input.source,
      customerId: input.customerId,
      purchaserCustomerId: input.purchaserCustomerId,
      recipientName: input.recipientName,
      recipientEmail: input.recipientEmail,
      message: input.message,
      orderId: input.orderId,
      orderLineId: input.orderLineId,
      expiresAt: input.expiresAt,
      issuedBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    await entry(tx, ctx, id, 'issued', input.amountMinor, input.amountMinor, { orderId: input.orderId, note: input.note });
    const studio = await studios.getStudioSettings(ctx, tx);
    await publish(
      tx,
      ctx,
      commerceEvent('gift_card.issued.v1', id, {
        giftCardId: id,
        amountMinor: input.amountMinor,
        currency: studio.currency,
        orderId: input.orderId,
        recipientEmail: input.recipientEmail,
      }),
    );
    if (input.recipientEmail) {
      const locale = studio.defaultLocale === 'fr' ? 'fr' : 'en';
      const values = giftCardValues(locale, {
        studioName: studio.name,
        recipientName: input.recipientName,
        amount: formatAmount(input.amountMinor, studio.currency, locale),
        code: formatCode(code),
        message: input.message,
        expiresOn: input.expiresAt ? input.expiresAt.toISOString().slice(0, 10) : null,
        bookUrl: `${publicUrl}/s/${studio.slug}`,
      });
      // The recipient may be nobody the studio knows yet: the card they were given always reaches them.
      await mailer.send(tx, ctx, { to: input.recipientEmail, template: 'gift_card.received', locale, values, recipientKind: 'customer', suppression: null });
    }
    return (await repo.findById(tx, ctx, id))!;
  }

  /**
   * Finds a card by what a person typed, for the routes that take a code from outside: a
   * malformed code and an unknown one get the same `gift_card_not_found`, each failure is
   * recorded (in its own transaction, so it stays when the request fails), and a caller with
   * too many recent failures is refused before any look-up.
   */
  async function findByCodeGuarded(ctx: Ctx, typed: string): Promise<repo.GiftCardRow> {
    const actorKey = actorKeyOf(ctx);
    const card = await withStudio(database, ctx.studioId, async (tx) => {
      const since = new Date(ctx.clock.now().getTime() - lookupWindowMs);
      if ((await repo.countRecentFailures(tx, ctx, actorKey, since)) >= lookupFailureLimit) {
        throw new DomainError('rate_limited', 'gift_card_lookup_locked', 'Too many gift-card codes tried: wait a few minutes.', [], Math.ceil(lookupWindowMs / 1000));
      }
      const code = normalizeCode(typed);
      // A malformed code still runs the same query, so both failures take about as long.
      return repo.findByCode(tx, ctx, code ?? '0000000000000000-');
    });
    if (card) return card;
    const now = ctx.clock.now();
    await withStudio(database, ctx.studioId, (tx) =>
      repo.insertFailure(tx, { studioId: ctx.studioId, id: newId('giftCardLookup'), actorKey, createdAt: now }, new Date(now.getTime() - lookupWindowMs)),
    );
    throw notFound();
  }

  /**
   * Takes `amountMinor` from the card (a gift-card tender) in the caller's transaction. The
   * balance never goes below zero, even under concurrent spends (guarded UPDATE); an expired
   * card pays nothing. Unknown and malformed codes give the same not-found answer.
   */
  async function debit(tx: Tx, ctx: Ctx, input: { code: string; amountMinor: number; orderId: string }) {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new CommerceError('invalid_tender', 'A gift-card payment takes an amount above zero.', [{ path: 'amountMinor', message: 'Expected an amount above zero' }]);
    }
    const code = normalizeCode(input.code);
    const card = await repo.findByCode(tx, ctx, code ?? '0000000000000000-');
    if (!card) throw notFound();
    const now = ctx.clock.now();
    const after = await repo.moveBalance(tx, ctx, card.id, -input.amountMinor, now);
    if (after === null) {
      const current = (await repo.findById(tx, ctx, card.id))!;
      if (statusOf(current, now) === 'expired') throw new CommerceError('gift_card_expired', 'This gift card has expired.', [{ path: 'code', message: 'Expired' }]);
      throw new CommerceError('gift_card_exhausted', 'This gift card does not cover this amount.', [{ path: 'amountMinor', message: 'More than the card holds' }], {
        balanceMinor: current.balanceMinor,
      });
    }
    const row = await entry(tx, ctx, card.id, 'redeemed', -input.amountMinor, after, { orderId: input.orderId });
    await publish(tx, ctx, commerceEvent('gift_card.redeemed.v1', card.id, { giftCardId: card.id, amountMinor: input.amountMinor, orderId: input.orderId, balanceMinor: after }));
    return { giftCardId: card.id, entryId: row.id, balanceAfterMinor: after };
  }

  /** Puts back on the card what a refunded (or failed) order took from it. */
  async function creditBack(tx: Tx, ctx: Ctx, input: { giftCardId: string; amountMinor: number; orderId: string; refundId?: string | null }) {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new CommerceError('invalid_refund', 'A refund to a gift card takes an amount above zero.');
    await cardOrThrow(tx, ctx, input.giftCardId);
    const after = (await repo.moveBalance(tx, ctx, input.giftCardId, input.amountMinor))!;
    const row = await entry(tx, ctx, input.giftCardId, 'refunded', input.amountMinor, after, { orderId: input.orderId, refundId: input.refundId ?? null });
    return { giftCardId: input.giftCardId, entryId: row.id, balanceAfterMinor: after };
  }

  /** Moves a card's whole balance to a customer's prepaid credit, in one transaction; a card with no holder becomes theirs. */
  async function moveToCredit(tx: Tx, ctx: Ctx, card: repo.GiftCardRow, customerId: string): Promise<RedeemedToCredit> {
    const now = ctx.clock.now();
    const current = (await repo.findById(tx, ctx, card.id))!;
    if (statusOf(current, now) === 'expired') throw new CommerceError('gift_card_expired', 'This gift card has expired.', [{ path: 'code', message: 'Expired' }]);
    if (current.balanceMinor <= 0) throw new CommerceError('gift_card_exhausted', 'This gift card has nothing left on it.', [{ path: 'code', message: 'Nothing left' }], { balanceMinor: 0 });
    const amount = current.balanceMinor;
    const after = await repo.moveBalance(tx, ctx, card.id, -amount, now);
    if (after === null) throw new CommerceError('gift_card_exhausted', 'This gift card was just used.', [{ path: 'code', message: 'Nothing left' }]);
    const credit = await credits.post(tx, ctx, { customerId, deltaMinor: amount, reason: 'gift_card', giftCardId: card.id, note: `Gift card …${card.code.slice(-4)}` });
    await entry(tx, ctx, card.id, 'store_credit', -amount, after, { creditEntryId: credit.id });
    await repo.claimForCustomer(tx, ctx, card.id, customerId);
    await publish(tx, ctx, commerceEvent('gift_card.redeemed.v1', card.id, { giftCardId: card.id, amountMinor: amount, orderId: null, balanceMinor: after }));
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return { giftCardId: card.id, amountMinor: amount, creditBalanceMinor: credit.balanceAfterMinor, currency };
  }

  /** Sells gift cards at the point of sale: the amount within the studio's limits, the recipient in the line's metadata. */
  const fulfiller: Fulfiller = {
    kind: 'gift_card',
    async quote(tx, ctx, input) {
      const limits = await settingsOf(tx, ctx);
      const amount = input.priceMinor;
      if (amount === undefined || !Number.isSafeInteger(amount) || amount < limits.minAmountMinor || amount > limits.maxAmountMinor) {
        throw new CommerceError('invalid_line', 'A gift card amount is within the studio limits.', [{ path: 'priceMinor', message: `Between ${limits.minAmountMinor} and ${limits.maxAmountMinor}` }], limits);
      }
      if (input.quantity !== 1) throw new CommerceError('invalid_line', 'Gift cards are sold one per line.', [{ path: 'quantity', message: 'Expected 1' }]);
      const meta = parseOrThrow(giftCardLineMetadataSchema, input.metadata ?? {});
      await checkCustomer(tx, ctx, meta.recipientCustomerId, 'metadata.recipientCustomerId');
      return { description: meta.recipientName ? `Gift card for ${meta.recipientName}` : 'Gift card', unitPriceMinor: amount, taxRateBp: 0, discountKeys: ['gift_card'] };
    },
    async fulfil(tx, ctx, line) {
      // Once per line: a second call (a retried webhook) finds the card the first one made.
      const existing = await repo.findByOrderLine(tx, ctx, line.lineId);
      if (existing) return { fulfilledRef: existing.id };
      const meta = parseOrThrow(giftCardLineMetadataSchema, line.metadata ?? {});
      const limits = await settingsOf(tx, ctx);
      const now = ctx.clock.now();
      const card = await issueIn(tx, ctx, {
        amountMinor: line.unitPriceMinor,
        source: 'pos',
        customerId: meta.recipientCustomerId ?? line.customerId,
        purchaserCustomerId: line.customerId,
        recipientName: meta.recipientName,
        recipientEmail: meta.recipientEmail,
        message: meta.message,
        orderId: line.orderId,
        orderLineId: line.lineId,
        expiresAt: limits.validityMonths ? addMonths(now, limits.validityMonths) : null,
        note: '',
      });
      return { fulfilledRef: card.id };
    },
    /** Refunding a sold card takes the refunded amount off it; what was already spent cannot be refunded. */
    async onRefund(tx, ctx, line, refund) {
      if (!line.fulfilledRef || refund.amountMinor <= 0) return;
      const after = await repo.moveBalance(tx, ctx, line.fulfilledRef, -refund.amountMinor);
      if (after === null) {
        throw new CommerceError('gift_card_already_used', 'This gift card has been used: only what is left on it can be refunded.', [], {
          balanceMinor: (await repo.findById(tx, ctx, line.fulfilledRef))?.balanceMinor ?? 0,
        });
      }
      await entry(tx, ctx, line.fulfilledRef, 'refunded', -refund.amountMinor, after, { orderId: line.orderId, refundId: refund.refundId ?? null, note: 'The card’s sale was refunded' });
    },
  };

  /** The seam checkout and refunds code against (ports.ts). */
  const tender: GiftCardTender = {
    redeem: (tx, ctx, input) => debit(tx, ctx, input),
    async restore(tx, ctx, input) {
      await creditBack(tx, ctx, input);
    },
  };

  return {
    fulfiller,
    tender,
    debit,
    creditBack,

    /** Staff give a card away (any amount, optional holder, recipient email and expiry). */
    async issue(ctx: Ctx, input: IssueGiftCard): Promise<GiftCardDetailDto> {
      const v = parseOrThrow(issueGiftCardSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await checkCustomer(tx, ctx, v.customerId, 'customerId');
        const limits = await settingsOf(tx, ctx);
        const now = ctx.clock.now();
        const expiresAt = v.expiresAt ? new Date(v.expiresAt) : limits.validityMonths ? addMonths(now, limits.validityMonths) : null;
        if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new CommerceError('invalid_gift_card', 'The expiry is in the past.', [{ path: 'expiresAt', message: 'The expiry is in the past' }]);
        const card = await issueIn(tx, ctx, { ...v, expiresAt, source: 'staff', purchaserCustomerId: null, orderId: null, orderLineId: null });
        return detailOf(tx, ctx, card.id);
      });
    },

    /** Newest first; `q` matches the last characters of a code, the recipient or the holder's name. */
    async list(ctx: Ctx, query: ListGiftCardsQuery = {}): Promise<GiftCardPage> {
      const q = parseOrThrow(listGiftCardsQuerySchema, query);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const page = pageOf(await repo.listCards(tx, ctx, { q: q.q, customerId: q.customerId, cursor: decodeCursor(q.cursor), limit: q.limit }), q.limit);
        return { items: page.items.map((c) => toDto(c, currency, ctx.clock.now())), nextCursor: page.nextCursor };
      });
    },

    /** A card with its ledger, newest first. */
    async get(ctx: Ctx, id: string): Promise<GiftCardDetailDto> {
      return withStudio(database, ctx.studioId, (tx) => detailOf(tx, ctx, id));
    },

    /** Finds a card by its code (the desk checks a balance): guarded against guessing. */
    async lookup(ctx: Ctx, code: string): Promise<GiftCardDetailDto> {
      const card = await findByCodeGuarded(ctx, code);
      return withStudio(database, ctx.studioId, (tx) => detailOf(tx, ctx, card.id));
    },

    /** A staff correction of a card's balance, with its reason (never below zero). */
    async adjust(ctx: Ctx, id: string, input: AdjustGiftCard): Promise<GiftCardDetailDto> {
      const v = parseOrThrow(adjustGiftCardSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await cardOrThrow(tx, ctx, id);
        const after = await repo.moveBalance(tx, ctx, id, v.deltaMinor);
        if (after === null) throw new CommerceError('gift_card_exhausted', 'The card does not hold that much.', [{ path: 'deltaMinor', message: 'More than the card holds' }]);
        await entry(tx, ctx, id, 'adjustment', v.deltaMinor, after, { note: v.note });
        return detailOf(tx, ctx, id);
      });
    },

    /** Staff move a card's balance to a customer's prepaid credit. */
    async redeemToCredit(ctx: Ctx, input: RedeemToCredit): Promise<RedeemedToCredit> {
      const v = parseOrThrow(redeemToCreditSchema, input);
      const card = await findByCodeGuarded(ctx, v.code);
      return withStudio(database, ctx.studioId, async (tx) => {
        await checkCustomer(tx, ctx, v.customerId, 'customerId');
        return moveToCredit(tx, ctx, card, v.customerId);
      });
    },

    /** The signed-in customer moves a card's balance (theirs or one they were given) to their prepaid credit. */
    async redeemOwnToCredit(ctx: Ctx, code: string): Promise<RedeemedToCredit> {
      const { id: customerId } = await customers.getOwnProfile(ctx);
      const card = await findByCodeGuarded(ctx, code);
      return withStudio(database, ctx.studioId, (tx) => moveToCredit(tx, ctx, card, customerId));
    },

    /** The signed-in customer's cards (held or bought), with their balances. */
    async listOwn(ctx: Ctx) {
      const { id: customerId } = await customers.getOwnProfile(ctx);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const rows = await repo.listCards(tx, ctx, { customerId, limit: 100 });
        const now = ctx.clock.now();
        return {
          items: rows.slice(0, 100).map((c) => ({
            id: c.id,
            code: formatCode(c.code),
            balanceMinor: c.balanceMinor,
            initialAmountMinor: c.initialAmountMinor,
            currency,
            status: statusOf(c, now),
            expiresAt: c.expiresAt?.toISOString() ?? null,
          })),
        };
      });
    },

    async getSettings(ctx: Ctx): Promise<GiftCardSettingsDto> {
      return withStudio(database, ctx.studioId, async (tx) => ({ ...(await settingsOf(tx, ctx)), currency: (await studios.getStudioSettings(ctx, tx)).currency }));
    },

    async updateSettings(ctx: Ctx, input: UpdateGiftCardSettings): Promise<GiftCardSettingsDto> {
      const v = parseOrThrow(updateGiftCardSettingsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.upsertSettings(tx, ctx, v);
        return { ...(await settingsOf(tx, ctx)), currency: (await studios.getStudioSettings(ctx, tx)).currency };
      });
    },
  };

  async function detailOf(tx: Tx, ctx: Ctx, id: string): Promise<GiftCardDetailDto> {
    const card = await cardOrThrow(tx, ctx, id);
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return { ...toDto(card, currency, ctx.clock.now()), entries: (await repo.listEntries(tx, ctx, id)).map(toEntryDto) };
  }
}

export type GiftCardsService = ReturnType<typeof createGiftCardsService>;
