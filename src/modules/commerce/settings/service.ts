import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio, withSystem } from '../../../platform/db/tx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { parseCurrencyCode, type CurrencyCode } from '../../../kernel/money.ts';
import type { Payments, PaymentProvider, StripeKeys } from '../../../platform/payments/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { connectStripeSchema, updateCardFeesSchema, type PaymentSettingsDto } from '../contracts.ts';
import type { SurchargeRule } from '../domain/pricing.ts';
import { stripeNotConnected } from '../errors.ts';
import * as repo from '../repo.ts';

export interface SettingsDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudioSettings'>;
  payments: Payments;
  publicUrl: string;
  stripeJsUrl: string;
}

/** The studio's card processor as checkout, refunds and saved cards use it. */
export interface CardAccount {
  provider: PaymentProvider;
  /** Names the provider account (its publishable key): saved records of another account are not reused. */
  accountRef: string;
  publishableKey: string;
}

/** What checkout needs of the settings, read in its own transaction. */
export interface SaleSettings {
  currency: CurrencyCode;
  /** Null when the studio absorbs card fees. */
  surcharge: SurchargeRule | null;
  locale: 'en' | 'fr';
  studioName: string;
}

/** `sk_test_…4242`: recognisable, not usable. */
export const secretHint = (key: string) => `${key.slice(0, key.indexOf('_', 3) + 1)}…${key.slice(-4)}`;

export function createSettingsService(deps: SettingsDeps) {
  const { database, studios, payments } = deps;

  const webhookUrlOf = (studioId: string) => `${deps.publicUrl.replace(/\/$/, '')}/api/public/v1/payments/stripe/webhook/${studioId}`;
  const keysOf = (row: repo.SettingsRow | undefined): (StripeKeys & { publishableKey: string }) | null =>
    row?.stripeSecretKey && row.stripeWebhookSecret && row.stripePublishableKey
      ? { secretKey: row.stripeSecretKey, webhookSecret: row.stripeWebhookSecret, publishableKey: row.stripePublishableKey }
      : null;

  async function dtoOf(tx: Tx, ctx: Ctx): Promise<PaymentSettingsDto> {
    const row = await repo.findSettings(tx, ctx);
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return {
      currency,
      cardFeeMode: (row?.cardFeeMode ?? 'absorb') as 'absorb' | 'surcharge',
      surchargeBp: row?.surchargeBp ?? 0,
      surchargeFixedMinor: row?.surchargeFixedMinor ?? 0,
      stripe: {
        connected: keysOf(row) !== null,
        publishableKey: row?.stripePublishableKey ?? null,
        secretKeyHint: row?.stripeSecretKey ? secretHint(row.stripeSecretKey) : null,
        webhookSecretSet: Boolean(row?.stripeWebhookSecret),
        connectedAt: row?.stripeConnectedAt?.toISOString() ?? null,
      },
      webhookUrl: webhookUrlOf(ctx.studioId),
      stripeJsUrl: deps.stripeJsUrl,
    };
  }

  return {
    /** The payment settings (card fees, Stripe connection) without the secret key. */
    async get(ctx: Ctx): Promise<PaymentSettingsDto> {
      return withStudio(database, ctx.studioId, (tx) => dtoOf(tx, ctx));
    },

    /** Who pays card fees: the studio absorbs them, or the customer pays `bp + fixed` on the card amount. */
    async updateCardFees(ctx: Ctx, input: unknown): Promise<PaymentSettingsDto> {
      const values = parseOrThrow(updateCardFeesSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const absorb = values.cardFeeMode === 'absorb';
        await repo.upsertSettings(
          tx,
          ctx,
          { cardFeeMode: values.cardFeeMode, surchargeBp: absorb ? 0 : values.surchargeBp, surchargeFixedMinor: absorb ? 0 : values.surchargeFixedMinor },
          ctx.clock.now(),
        );
        return dtoOf(tx, ctx);
      });
    },

    /** Saves the studio's Stripe keys (pasted from Stripe's dashboard); the secret is never sent back whole. */
    async connectStripe(ctx: Ctx, input: unknown): Promise<PaymentSettingsDto> {
      const keys = parseOrThrow(connectStripeSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.upsertSettings(
          tx,
          ctx,
          { stripeSecretKey: keys.secretKey, stripePublishableKey: keys.publishableKey, stripeWebhookSecret: keys.webhookSecret, stripeConnectedAt: ctx.clock.now() },
          ctx.clock.now(),
        );
        return dtoOf(tx, ctx);
      });
    },

    /** Forgets the Stripe keys: card payments stop; cash, terminal, gift cards and credit go on. */
    async disconnectStripe(ctx: Ctx): Promise<PaymentSettingsDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.upsertSettings(tx, ctx, { stripeSecretKey: null, stripePublishableKey: null, stripeWebhookSecret: null, stripeConnectedAt: null }, ctx.clock.now());
        return dtoOf(tx, ctx);
      });
    },

    /** Currency, card-fee rule and locale of a sale, inside the sale's transaction. */
    async saleSettings(tx: Tx, ctx: Ctx): Promise<SaleSettings> {
      const row = await repo.findSettings(tx, ctx);
      const s = await studios.getStudioSettings(ctx, tx);
      const surcharge = row?.cardFeeMode === 'surcharge' && (row.surchargeBp > 0 || row.surchargeFixedMinor > 0) ? { bp: row.surchargeBp, fixedMinor: row.surchargeFixedMinor } : null;
      return { currency: parseCurrencyCode(s.currency), surcharge, locale: (s.defaultLocale ?? 'en') as 'en' | 'fr', studioName: s.name };
    },

    /** The studio's Stripe account, or null when it has not connected one. */
    async cardAccountFor(ctx: Ctx): Promise<CardAccount | null> {
      const row = await withStudio(database, ctx.studioId, (tx) => repo.findSettings(tx, ctx));
      const keys = keysOf(row);
      if (!keys) return null;
      return { provider: payments.providerFor(keys), accountRef: keys.publishableKey, publishableKey: keys.publishableKey };
    },

    async cardAccountOrThrow(ctx: Ctx): Promise<CardAccount> {
      const account = await this.cardAccountFor(ctx);
      if (!account) throw stripeNotConnected();
      return account;
    },

    /** The keys the webhook transport verifies a studio's events with (no studio session: the signature authenticates). */
    async webhookKeysOf(studioId: string): Promise<StripeKeys | null> {
      const row = await withSystem(database, (tx) => repo.findSettings(tx, { studioId: studioId as StudioId } as Ctx));
      const keys = keysOf(row);
      return keys ? { secretKey: keys.secretKey, webhookSecret: keys.webhookSecret } : null;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
