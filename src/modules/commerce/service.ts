import type { Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import type { StudioId } from '../../kernel/ids.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { withStudio, withSystem } from '../../platform/db/tx.ts';
import type { JobCtx, JobResult, Jobs } from '../../platform/jobs/index.ts';
import type { Payments } from '../../platform/payments/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { StudiosService } from '../studios/index.ts';
import { createCheckoutService, type CheckoutOptions } from './checkout/service.ts';
import type { CheckoutResultDto, ListOrdersQuery, OrderDto, OrderPageDto, OwnCheckoutInput } from './contracts.ts';
import { listOrdersQuerySchema, ownCheckoutSchema } from './contracts.ts';
import { CommerceError, orderNotFound } from './errors.ts';
import { createFulfillerRegistry, type Fulfiller } from './fulfilment.ts';
import { toOrderSummary } from './orders/dto.ts';
import type { CatalogPorts, SavedCards } from './ports.ts';
import { abandonAfterMinutes, defineSettleAbandonedJob } from './jobs.ts';
import { defineReceiptJob, type SendReceiptPayload } from './receipts/job.ts';
import { receiptValues } from './receipts/render.ts';
import { createRefundsService } from './refunds/service.ts';
import * as repo from './repo.ts';
import { createSettingsService } from './settings/service.ts';
import { createWebhooksService } from './webhooks/service.ts';
import { parseOrThrow } from '../../platform/validation.ts';

export interface CommerceDeps {
  database: Database;
  jobs: Jobs;
  clock: Clock;
  studios: StudiosService;
  customers: Pick<CustomersService, 'getCustomer' | 'getOwnProfile'>;
  /** Sends messaging's catalogue `template` (the studio's version, if any) rendered in `locale` with `values`, in the caller's transaction. */
  mailer: {
    send(tx: Tx, ctx: Ctx, message: { to: string; template: string; locale: 'en' | 'fr'; values: Record<string, string>; customerId: string; recipientKind: 'customer' }): Promise<void>;
  };
  payments: Payments;
  publicUrl: string;
  stripeJsUrl: string;
}

/** The largest drop-in sold at the desk (1 000 000.00 in a 2-decimal currency). */
const maxDropInMinor = 100_000_000;

/** A class or anything else paid at the desk for a stated amount (the booking module will sell real class bookings). */
export const dropInFulfiller: Fulfiller = {
  kind: 'drop_in',
  async quote(_tx, _ctx, input) {
    const amount = input.priceMinor;
    if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0 || amount > maxDropInMinor) {
      throw new CommerceError('invalid_line', 'Say how much the drop-in costs.', [{ path: 'priceMinor', message: 'Expected an amount above zero' }]);
    }
    return { description: input.description?.trim() || 'Drop-in', unitPriceMinor: amount, taxRateBp: 0, discountKeys: ['drop_in'] };
  },
  async fulfil() {
    return { fulfilledRef: null };
  },
};

const encodeCursor = (o: repo.OrderRow) => Buffer.from(`${o.createdAt.toISOString()}|${o.id}`).toString('base64url');
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new CommerceError('invalid_refund', 'This cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);
  return { createdAt, id };
}

export function createCommerceService(deps: CommerceDeps) {
  const { database } = deps;
  const fulfillers = createFulfillerRegistry();
  fulfillers.register(dropInFulfiller);
  let catalog: CatalogPorts = {};
  let cards: SavedCards | null = null;
  let setupIntentHandler: ((ctx: Ctx, setupIntentId: string) => Promise<unknown>) | null = null;

  const settings = createSettingsService({ database, studios: deps.studios, payments: deps.payments, publicUrl: deps.publicUrl, stripeJsUrl: deps.stripeJsUrl });
  const receiptJob = defineReceiptJob(sendReceipt);
  deps.jobs.register(receiptJob);
  deps.jobs.register(
    defineSettleAbandonedJob(async (_payload, job) => {
      const before = new Date(job.clock.now().getTime() - abandonAfterMinutes * 60_000);
      const stale = await withSystem(database, (tx) => repo.listAbandoned(tx, before, 500));
      for (const o of stale) {
        const ctx: Ctx = { studioId: o.studioId as StudioId, actor: { kind: 'system' }, clock: job.clock, requestId: job.jobId };
        await checkout.settleAbandoned(ctx, o.id);
      }
      return stale.length ? 'done' : 'skipped';
    }),
  );
  const checkout = createCheckoutService({ database, jobs: deps.jobs, customers: deps.customers, settings, fulfillers, catalog: () => catalog, cards: () => cards, receiptJob });
  const refunds = createRefundsService({ database, settings, fulfillers, catalog: () => catalog });
  const webhooks = createWebhooksService({ database, clock: deps.clock, checkout, refunds, onSetupIntentSucceeded: () => setupIntentHandler });

  /** Emails a paid order's receipt once, in the customer's language (else the studio's). */
  async function sendReceipt(payload: SendReceiptPayload, job: JobCtx): Promise<JobResult> {
    const ctx: Ctx = { studioId: payload.studioId as StudioId, actor: { kind: 'system' }, clock: job.clock, requestId: job.jobId };
    return withStudio(database, ctx.studioId, async (tx) => {
      const order = await repo.findOrder(tx, ctx, payload.orderId);
      if (!order || order.receiptSentAt || !order.customerId || order.status === 'failed') return 'skipped';
      const customer = await deps.customers.getCustomer(ctx, order.customerId, tx);
      if (!customer.email) return 'skipped';
      const studio = await deps.studios.getStudioSettings(ctx, tx);
      const dto = await checkout.loadDto(tx, ctx, order.id);
      const locale = (customer.locale ?? studio.defaultLocale ?? 'en') as 'en' | 'fr';
      const receiptUrl = `${deps.publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(studio.slug)}/account`;
      const values = receiptValues(dto, { locale, timeZone: studio.timeZone, studioName: studio.name, firstName: customer.firstName, lastName: customer.lastName, receiptUrl });
      await deps.mailer.send(tx, ctx, { to: customer.email, template: 'order.receipt', locale, values, customerId: customer.id, recipientKind: 'customer' });
      await repo.transitionOrder(tx, ctx, order.id, [order.status], { status: order.status, receiptSentAt: ctx.clock.now() });
      return 'done';
    });
  }

  /** The signed-in customer's profile: a customer session names the login (its customerId is empty), so the profile is found from it. */
  const ownCustomerId = async (ctx: Ctx): Promise<string> => {
    if (ctx.actor.kind !== 'customer') throw new CommerceError('customer_required', 'Sign in as a customer first.');
    return ctx.actor.customerId || (await deps.customers.getOwnProfile(ctx)).id;
  };

  async function listOrders(ctx: Ctx, rawQuery: unknown, customerId?: string): Promise<OrderPageDto> {
    const q = parseOrThrow(listOrdersQuerySchema, rawQuery);
    return withStudio(database, ctx.studioId, async (tx) => {
      const rows = await repo.listOrders(tx, ctx, {
        customerId: customerId ?? q.customerId,
        status: q.status,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        before: decodeCursor(q.cursor),
        limit: q.limit,
      });
      const items = rows.slice(0, q.limit);
      return { items: items.map(toOrderSummary), nextCursor: rows.length > q.limit ? encodeCursor(items.at(-1)!) : null };
    });
  }

  return {
    fulfillers,
    /** A module above sells its own line kinds through this (memberships at composition). */
    registerFulfiller: (f: Fulfiller) => fulfillers.register(f),
    /** The catalog's tenders and discount codes (wired in app.ts). */
    useCatalog(ports: CatalogPorts) {
      catalog = { ...catalog, ...ports };
    },
    /** Saved cards for card tenders and off-session charges (wired in app.ts). */
    useCards(savedCards: SavedCards, onSetupIntentSucceeded?: (ctx: Ctx, setupIntentId: string) => Promise<unknown>) {
      cards = savedCards;
      setupIntentHandler = onSetupIntentSucceeded ?? null;
    },
    settings,
    webhooks,

    /** A sale at the desk, on a profile, online or off-session (see checkout/service.ts for the steps). */
    checkout: (ctx: Ctx, input: unknown, options: CheckoutOptions): Promise<CheckoutResultDto> => checkout.checkout(ctx, input, options),
    /** The signed-in customer's own purchase (their card, on-session). */
    async checkoutOwn(ctx: Ctx, input: OwnCheckoutInput | unknown, idempotencyKey: string): Promise<CheckoutResultDto> {
      const own = parseOrThrow(ownCheckoutSchema, input);
      return checkout.checkout(ctx, { ...own, customerId: await ownCustomerId(ctx) }, { idempotencyKey, channel: 'online' });
    },
    /** The price of a basket before paying (no order is written). */
    quote: (ctx: Ctx, input: unknown) => checkout.quote(ctx, input),
    confirm: (ctx: Ctx, orderId: string) => checkout.confirm(ctx, orderId),
    /** The signed-in customer's confirmation of their own order's card (another's order is not found). */
    async confirmOwn(ctx: Ctx, orderId: string): Promise<CheckoutResultDto> {
      const customerId = await ownCustomerId(ctx);
      const order = await withStudio(database, ctx.studioId, (tx) => repo.findOrder(tx, ctx, orderId));
      if (!order || order.customerId !== customerId) throw orderNotFound();
      return checkout.confirm(ctx, orderId);
    },
    chargeSavedCard: checkout.chargeSavedCard,
    refund: (ctx: Ctx, orderId: string, input: unknown, options: { idempotencyKey: string }): Promise<OrderDto> => refunds.refund(ctx, orderId, input, options),
    /** A refund to prepaid credit inside the caller's transaction, capped at what the line still holds (see refunds/service.ts). */
    refundToCreditInTx: refunds.refundToCreditInTx,

    listOrders: (ctx: Ctx, query: ListOrdersQuery | unknown) => listOrders(ctx, query),
    listOwnOrders: async (ctx: Ctx, query: ListOrdersQuery | unknown) => listOrders(ctx, query, await ownCustomerId(ctx)),
    async getOrder(ctx: Ctx, id: string): Promise<OrderDto> {
      return withStudio(database, ctx.studioId, (tx) => checkout.loadDto(tx, ctx, id));
    },
    async getOwnOrder(ctx: Ctx, id: string): Promise<OrderDto> {
      const customerId = await ownCustomerId(ctx);
      const order = await withStudio(database, ctx.studioId, (tx) => checkout.loadDto(tx, ctx, id));
      if (order.customerId !== customerId) throw orderNotFound();
      return order;
    },
  };
}

export type CommerceService = ReturnType<typeof createCommerceService>;
