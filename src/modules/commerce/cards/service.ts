import { randomBytes } from 'node:crypto';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { PaymentProviderError, type PaymentProvider, type SavedCard } from '../../../platform/payments/provider.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService } from '../../customers/index.ts';
import { completeSetupSchema, type CardSetupDto, type SavedCardDto, type SavedCardListDto } from './contracts.ts';
import { CardsError, cardNotFound, notConnected, setupNotFound } from './errors.ts';
import * as repo from './repo.ts';

/**
 * The studio's card account as the cards service needs it. `accountRef` names the provider
 * account (e.g. its publishable key): records made under another account are not offered.
 */
export interface CardAccount {
  provider: PaymentProvider;
  accountRef: string;
  publishableKey: string;
}

/** The studio's connected card provider, or null when it takes no card payments online. */
export type CardAccountSource = (ctx: Ctx) => Promise<CardAccount | null>;

export interface CardsDeps {
  database: Database;
  customers: Pick<CustomersService, 'getCustomer' | 'getOwnProfile'>;
  cardAccountFor: CardAccountSource;
  /** Where browsers load Stripe.js from (config STRIPE_JS_URL). */
  stripeJsUrl: string;
  /** The card surcharge when the studio passes card fees on (commerce settings), shown before a customer pays. */
  cardFeeFor?: (ctx: Ctx) => Promise<{ bp: number; fixedMinor: number } | null>;
}

/** What a charge needs to use a saved card off-session or at checkout. */
export interface ChargeableCard {
  id: string;
  customerId: string;
  provider: string;
  accountRef: string;
  providerCustomerId: string;
  providerPaymentMethodId: string;
  brand: string;
  last4: string;
  expired: boolean;
}

const iso = (d: Date) => d.toISOString();

/** The card fee a customer pays, from the studio's payment settings; null when the studio absorbs card fees. */
export function cardFeeOf(settings: { cardFeeMode: string; surchargeBp: number; surchargeFixedMinor: number }): { bp: number; fixedMinor: number } | null {
  if (settings.cardFeeMode !== 'surcharge' || (settings.surchargeBp === 0 && settings.surchargeFixedMinor === 0)) return null;
  return { bp: settings.surchargeBp, fixedMinor: settings.surchargeFixedMinor };
}

/** A card is usable through the last day of its expiry month (UTC): 12/2030 is expired from 2031-01-01. */
export function isExpired(card: { expMonth: number; expYear: number }, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

const toDto = (row: repo.SavedCardRow, now: Date): SavedCardDto => ({
  id: row.id,
  brand: row.brand,
  last4: row.last4,
  expMonth: row.expMonth,
  expYear: row.expYear,
  isDefault: row.isDefault,
  expired: isExpired(row, now),
  createdAt: iso(row.createdAt),
});

const toChargeable = (row: repo.SavedCardRow, now: Date): ChargeableCard => ({
  id: row.id,
  customerId: row.customerId,
  provider: row.provider,
  accountRef: row.accountRef,
  providerCustomerId: row.providerCustomerId,
  providerPaymentMethodId: row.providerPaymentMethodId,
  brand: row.brand,
  last4: row.last4,
  expired: isExpired(row, now),
});

/** Provider failures become the module's own codes; a decline is not one of them (that is a charge result). */
async function atProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PaymentProviderError) {
      if (err.code === 'not_configured') throw notConnected();
      throw new CardsError('payment_provider_error', `The card processor did not answer as expected: ${err.message}`);
    }
    throw err;
  }
}

export function createCardsService(deps: CardsDeps) {
  const { database, customers, cardAccountFor } = deps;

  const accountOrThrow = async (ctx: Ctx) => (await cardAccountFor(ctx)) ?? Promise.reject(notConnected());
  const keyOf = (account: CardAccount): repo.Account => ({ provider: account.provider.kind, accountRef: account.accountRef });

  async function list(ctx: Ctx, customerId: string): Promise<SavedCardListDto> {
    const account = await cardAccountFor(ctx);
    if (!account) return { items: [], canAddCards: false, publishableKey: null, stripeJsUrl: null, cardFee: null };
    const rows = await withStudio(database, ctx.studioId, (tx) => repo.listLiveCards(tx, ctx, customerId, keyOf(account)));
    const now = ctx.clock.now();
    const cardFee = deps.cardFeeFor ? await deps.cardFeeFor(ctx) : null;
    return { items: rows.map((r) => toDto(r, now)), canAddCards: true, publishableKey: account.publishableKey, stripeJsUrl: deps.stripeJsUrl, cardFee };
  }

  /** The customer's record at the provider, made once: the unique row, and the provider key `cus:<id>` for a retry in between. */
  async function ensureProviderCustomer(ctx: Ctx, customerId: string, account: CardAccount): Promise<string> {
    const key = keyOf(account);
    const existing = await withStudio(database, ctx.studioId, (tx) => repo.findProviderCustomer(tx, ctx, customerId, key));
    if (existing) return existing.providerCustomerId;
    const customer = await customers.getCustomer(ctx, customerId);
    const made = await atProvider(() =>
      account.provider.ensureCustomer({
        email: customer.email,
        name: `${customer.firstName} ${customer.lastName}`.trim(),
        idempotencyKey: `cus:${customerId}`,
        metadata: { studioId: ctx.studioId, customerId },
      }),
    );
    return withStudio(database, ctx.studioId, async (tx) => {
      await repo.insertProviderCustomer(tx, ctx, { customerId, ...key, providerCustomerId: made.providerCustomerId });
      const row = await repo.findProviderCustomer(tx, ctx, customerId, key);
      return row!.providerCustomerId;
    });
  }

  async function startSetup(ctx: Ctx, customerId: string): Promise<CardSetupDto> {
    const account = await accountOrThrow(ctx);
    const customer = await customers.getCustomer(ctx, customerId);
    if (customer.anonymized) throw new CardsError('customer_retired', 'This profile was deleted or merged: it takes no new cards.');
    const providerCustomerId = await ensureProviderCustomer(ctx, customerId, account);
    const intent = await atProvider(() =>
      account.provider.createSetupIntent({
        providerCustomerId,
        // One setup per click on "add a card": a fresh key, so an abandoned setup is never reused.
        idempotencyKey: `seti:${customerId}:${randomBytes(12).toString('hex')}`,
        metadata: { studioId: ctx.studioId, customerId, purpose: 'save_card' },
      }),
    );
    await withStudio(database, ctx.studioId, (tx) =>
      repo.insertSetup(tx, ctx, { id: intent.id, customerId, ...keyOf(account), providerCustomerId, startedBy: actorUserId(ctx.actor) }),
    );
    return { setupIntentId: intent.id, clientSecret: intent.clientSecret, publishableKey: account.publishableKey, stripeJsUrl: deps.stripeJsUrl };
  }

  /** Stores the card a confirmed setup saved; a second call (browser and webhook both) returns the same card. */
  async function completeSetup(ctx: Ctx, setupIntentId: string, expectedCustomerId: string | null): Promise<SavedCardDto> {
    const setup = await withStudio(database, ctx.studioId, (tx) => repo.findSetup(tx, ctx, setupIntentId));
    if (!setup || (expectedCustomerId !== null && setup.customerId !== expectedCustomerId)) throw setupNotFound();
    if (setup.savedCardId) return cardDtoOrThrow(ctx, setup.savedCardId);
    const account = await accountOrThrow(ctx);
    if (account.provider.kind !== setup.provider || account.accountRef !== setup.accountRef) throw setupNotFound();
    const card = await atProvider(() => account.provider.retrieveSetupIntentCard(setupIntentId));
    if (!card) throw new CardsError('setup_incomplete', 'The card has not been confirmed yet.');
    return saveCard(ctx, setup, card);
  }

  async function saveCard(ctx: Ctx, setup: repo.CardSetupRow, card: SavedCard): Promise<SavedCardDto> {
    const now = ctx.clock.now();
    return withStudio(database, ctx.studioId, async (tx) => {
      // The lock orders the browser's call and the webhook: the second sees the first's card.
      const locked = await repo.findSetup(tx, ctx, setup.id, { lock: true });
      if (locked?.savedCardId) return toDto((await repo.findCard(tx, ctx, locked.savedCardId))!, now);
      const known = await repo.findCardByPaymentMethod(tx, ctx, setup.provider, card.providerPaymentMethodId);
      if (known) {
        await repo.markSetupCompleted(tx, ctx, setup.id, known.id, now);
        return toDto(known, now);
      }
      const key = { provider: setup.provider, accountRef: setup.accountRef };
      const live = await repo.listLiveCards(tx, ctx, setup.customerId, key);
      const isDefault = !live.some((c) => c.isDefault);
      // The one-default index spans accounts: a default left under a former account gives way.
      if (isDefault) await repo.clearDefault(tx, ctx, setup.customerId, now);
      const id = newId('paymentMethod');
      await repo.insertCard(tx, ctx, {
        id,
        customerId: setup.customerId,
        ...key,
        providerCustomerId: setup.providerCustomerId,
        providerPaymentMethodId: card.providerPaymentMethodId,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        isDefault,
        addedBy: setup.startedBy,
        createdAt: now,
        updatedAt: now,
      });
      await repo.markSetupCompleted(tx, ctx, setup.id, id, now);
      return toDto((await repo.findCard(tx, ctx, id))!, now);
    });
  }

  async function cardDtoOrThrow(ctx: Ctx, cardId: string): Promise<SavedCardDto> {
    const row = await withStudio(database, ctx.studioId, (tx) => repo.findCard(tx, ctx, cardId));
    if (!row) throw cardNotFound();
    return toDto(row, ctx.clock.now());
  }

  async function setDefault(ctx: Ctx, customerId: string, cardId: string): Promise<SavedCardListDto> {
    const now = ctx.clock.now();
    await withStudio(database, ctx.studioId, async (tx) => {
      const card = await repo.findCard(tx, ctx, cardId, { lock: true });
      if (!card || card.customerId !== customerId || card.removedAt) throw cardNotFound();
      if (card.isDefault) return;
      await repo.clearDefault(tx, ctx, customerId, now);
      await repo.setDefault(tx, ctx, cardId, now);
    });
    return list(ctx, customerId);
  }

  /** Detaches the card at the provider, then keeps the row as removed; the newest other card becomes the default. */
  async function removeCard(ctx: Ctx, customerId: string, cardId: string): Promise<SavedCardListDto> {
    const card = await withStudio(database, ctx.studioId, (tx) => repo.findCard(tx, ctx, cardId));
    if (!card || card.customerId !== customerId || card.removedAt) throw cardNotFound();
    const account = await cardAccountFor(ctx);
    // A card of a former account cannot be reached any more; it only leaves the list.
    if (account && account.provider.kind === card.provider && account.accountRef === card.accountRef) {
      await atProvider(async () => {
        try {
          await account.provider.detachCard(card.providerPaymentMethodId);
        } catch (err) {
          // Already detached (at the provider's dashboard, or by an earlier attempt that died before recording it).
          if (!(err instanceof PaymentProviderError && err.code === 'invalid_request')) throw err;
        }
      });
    }
    const now = ctx.clock.now();
    await withStudio(database, ctx.studioId, async (tx) => {
      const locked = await repo.findCard(tx, ctx, cardId, { lock: true });
      if (!locked || locked.removedAt) return;
      await repo.markRemoved(tx, ctx, cardId, now);
      if (locked.isDefault) {
        const next = await repo.newestOtherLiveCard(tx, ctx, customerId, { provider: locked.provider, accountRef: locked.accountRef }, cardId);
        if (next) await repo.setDefault(tx, ctx, next.id, now);
      }
    });
    return list(ctx, customerId);
  }

  /** The signed-in customer's profile id (the session names the login; the profile is found from it). */
  const ownCustomerId = async (ctx: Ctx): Promise<string> => {
    if (ctx.actor.kind !== 'customer') throw new CardsError('not_a_customer', 'Sign in as a customer first.');
    return ctx.actor.customerId || (await customers.getOwnProfile(ctx)).id;
  };

  const existingCustomer = async (ctx: Ctx, customerId: string) => (await customers.getCustomer(ctx, customerId)).id;

  return {
    // Staff, for a customer of the studio (front desk: a card added at the desk).
    async listCards(ctx: Ctx, customerId: string) {
      return list(ctx, await existingCustomer(ctx, customerId));
    },
    async startSetup(ctx: Ctx, customerId: string) {
      return startSetup(ctx, await existingCustomer(ctx, customerId));
    },
    async completeSetup(ctx: Ctx, customerId: string, input: unknown) {
      const { setupIntentId } = parseOrThrow(completeSetupSchema, input);
      return completeSetup(ctx, setupIntentId, await existingCustomer(ctx, customerId));
    },
    async setDefault(ctx: Ctx, customerId: string, cardId: string) {
      return setDefault(ctx, await existingCustomer(ctx, customerId), cardId);
    },
    async removeCard(ctx: Ctx, customerId: string, cardId: string) {
      return removeCard(ctx, await existingCustomer(ctx, customerId), cardId);
    },

    // The signed-in customer, for their own cards only.
    async listOwnCards(ctx: Ctx) {
      return list(ctx, await ownCustomerId(ctx));
    },
    async startOwnSetup(ctx: Ctx) {
      return startSetup(ctx, await ownCustomerId(ctx));
    },
    async completeOwnSetup(ctx: Ctx, input: unknown) {
      const { setupIntentId } = parseOrThrow(completeSetupSchema, input);
      return completeSetup(ctx, setupIntentId, await ownCustomerId(ctx));
    },
    async setOwnDefault(ctx: Ctx, cardId: string) {
      return setDefault(ctx, await ownCustomerId(ctx), cardId);
    },
    async removeOwnCard(ctx: Ctx, cardId: string) {
      return removeCard(ctx, await ownCustomerId(ctx), cardId);
    },

    /** The customer's provider record, made on first use (commerce calls it before an on-session card payment). */
    ensureProviderCustomer,

    /**
     * The `setup_intent.succeeded` webhook (commerce verifies it and calls this with a system ctx of
     * the studio in its metadata): stores the card unless the browser already did. 'skipped' when
     * the setup is not one of ours (another integration on the same Stripe account).
     */
    async onSetupIntentSucceeded(ctx: Ctx, setupIntentId: string): Promise<'done' | 'skipped'> {
      const setup = await withStudio(database, ctx.studioId, (tx) => repo.findSetup(tx, ctx, setupIntentId));
      if (!setup) return 'skipped';
      await completeSetup(ctx, setupIntentId, null);
      return 'done';
    },

    /**
     * The customer's default live card (renewals, instalments, fees charge it off-session), or null.
     * With `account`, only a card of that provider account. `expired` tells the caller not to try it.
     */
    async defaultCardFor(tx: Tx, ctx: Ctx, customerId: string, account?: repo.Account): Promise<ChargeableCard | null> {
      const row = account ? (await repo.listLiveCards(tx, ctx, customerId, account)).find((r) => r.isDefault) : await repo.findLiveDefault(tx, ctx, customerId);
      return row ? toChargeable(row, ctx.clock.now()) : null;
    },

    /** One of the customer's live cards, for a payment with a card they chose (checkout, point of sale). */
    async cardForCharge(tx: Tx, ctx: Ctx, customerId: string, cardId: string): Promise<ChargeableCard> {
      const row = await repo.findCard(tx, ctx, cardId);
      if (!row || row.customerId !== customerId || row.removedAt) throw cardNotFound();
      return toChargeable(row, ctx.clock.now());
    },
  };
}

export type CardsService = ReturnType<typeof createCardsService>;
