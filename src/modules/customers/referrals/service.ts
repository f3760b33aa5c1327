import { randomInt } from 'node:crypto';
import type { Ctx } from '../../../kernel/ctx.ts';
import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { CustomerDto } from '../contracts.ts';
import { generateReferralCode } from '../domain/referral-code.ts';
import { CustomersError } from '../errors.ts';
import { customerEvent } from '../events.ts';
import { findCustomer } from '../repo.ts';
import { isRetired, ownProfileOrThrow, profileOrThrow } from '../self.ts';
import { toCustomerDto } from '../service.ts';
import {
  setReferrerSchema,
  updateReferralSettingsSchema,
  type OwnReferralDto,
  type ReferralDto,
  type ReferralSettingsDto,
  type SetReferrer,
  type UpdateReferralSettings,
} from './contracts.ts';
import * as repo from './repo.ts';

export interface ReferralsDeps {
  database: Database;
  studios: StudiosService;
  /** Where customers reach Enso (config PUBLIC_URL), for the links they share. */
  publicUrl: string;
  /** Uniform integer in [0, max); crypto.randomInt unless a test fixes it. */
  randomInt?: (max: number) => number;
}

const referredListLimit = 100;
/** Codes drawn before giving up: with 8.5 × 10^11 codes, a second draw is already rare. */
const codeAttempts = 5;

const refOf = (c: repo.CustomerRow) => ({ id: c.id, firstName: c.firstName, lastName: c.lastName });

export function createReferralsService(deps: ReferralsDeps) {
  const { database, studios, publicUrl } = deps;
  const draw = deps.randomInt ?? ((max: number) => randomInt(max));

  async function settingsOf(tx: Tx, ctx: Ctx): Promise<ReferralSettingsDto> {
    const [row, studio] = [await repo.findSettings(tx, ctx), await studios.getStudio(ctx, tx)];
    return {
      enabled: row?.enabled ?? false,
      currency: studio.currency,
      minorUnits: minorUnits(parseCurrencyCode(studio.currency)),
      referrerRewardMinor: row?.referrerRewardMinor ?? 0,
      newCustomerRewardMinor: row?.refereeRewardMinor ?? 0,
      rewardOn: (row?.rewardOn ?? 'first_purchase') as ReferralSettingsDto['rewardOn'],
    };
  }

  /** The customer's code, drawn and stored the first time it is asked for; null for a retired profile. */
  async function codeFor(tx: Tx, ctx: Ctx, customer: repo.CustomerRow): Promise<string | null> {
    if (customer.referralCode !== null) return customer.referralCode;
    if (isRetired(customer)) return null;
    for (let attempt = 0; attempt < codeAttempts; attempt++) {
      const code = generateReferralCode(draw);
      const outcome = await repo.assignReferralCode(tx, ctx, customer.id, code);
      if (outcome === 'set') return code;
      if (outcome === 'kept') return (await profileOrThrow(tx, ctx, customer.id)).referralCode;
    }
    throw new Error(`no free referral code after ${codeAttempts} draws`);
  }

  async function linkFor(tx: Tx, ctx: Ctx, code: string | null): Promise<string | null> {
    if (code === null) return null;
    const { slug } = await studios.getStudio(ctx, tx);
    return `${publicUrl}/s/${encodeURIComponent(slug)}/signup?ref=${code}`;
  }

  return {
    async getSettings(ctx: Ctx, tx?: Tx): Promise<ReferralSettingsDto> {
      return inStudioTx(database, ctx.studioId, tx, (t) => settingsOf(t, ctx));
    },

    /** Staff set up the programme; rewards are stored in the studio currency's minor units. */
    async updateSettings(ctx: Ctx, input: UpdateReferralSettings): Promise<ReferralSettingsDto> {
      const values = parseOrThrow(updateReferralSettingsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.saveSettings(tx, ctx, {
          enabled: values.enabled,
          referrerRewardMinor: values.referrerRewardMinor,
          refereeRewardMinor: values.newCustomerRewardMinor,
          rewardOn: values.rewardOn,
        });
        return settingsOf(tx, ctx);
      });
    },

    /** A customer's referral link (made on first request), who referred them and whom they referred. */
    async getReferral(ctx: Ctx, customerId: string): Promise<ReferralDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await profileOrThrow(tx, ctx, customerId);
        const code = await codeFor(tx, ctx, customer);
        const referrer = customer.referredById ? await profileOrThrow(tx, ctx, customer.referredById) : null;
        const referred = await repo.listReferred(tx, ctx, customer.id, referredListLimit);
        return {
          programmeEnabled: (await repo.findSettings(tx, ctx))?.enabled ?? false,
          code,
          link: await linkFor(tx, ctx, code),
          referredBy: referrer && refOf(referrer),
          referredCount: referred.length < referredListLimit ? referred.length : await repo.countReferred(tx, ctx, customer.id),
          referred: referred.map((r) => ({ ...refOf(r), createdAt: r.createdAt.toISOString() })),
        };
      });
    },

    /** The signed-in customer's own link and how many customers joined through it. */
    async getOwnReferral(ctx: Ctx): Promise<OwnReferralDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await ownProfileOrThrow(tx, ctx);
        const code = await codeFor(tx, ctx, customer);
        return {
          programmeEnabled: (await repo.findSettings(tx, ctx))?.enabled ?? false,
          code,
          link: await linkFor(tx, ctx, code),
          referredCount: await repo.countReferred(tx, ctx, customer.id),
        };
      });
    },

    /**
     * Staff record who referred a customer. Unlike a sign-up through the link, this publishes
     * no customer.referred.v1 (the specification's "Client référé" trigger ignores it) but
     * customer.referrer_set.v1, for the activity feed.
     */
    async setReferrer(ctx: Ctx, customerId: string, input: SetReferrer): Promise<CustomerDto> {
      const { referrerId } = parseOrThrow(setReferrerSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await profileOrThrow(tx, ctx, customerId, { lock: true });
        if (referrerId === customer.id) {
          throw new CustomersError('self_referral', 'A customer cannot refer themselves.', [{ path: 'referrerId', message: 'Choose another customer.' }]);
        }
        if (referrerId !== null) {
          const referrer = await findCustomer(tx, ctx, referrerId);
          if (!referrer || isRetired(referrer)) {
            throw new CustomersError('referrer_not_found', 'The referrer is not a customer of this studio.', [
              { path: 'referrerId', message: 'Unknown customer.' },
            ]);
          }
        }
        if (customer.referredById === referrerId) return toCustomerDto(customer);
        await repo.setReferredBy(tx, ctx, customer.id, referrerId);
        await publish(tx, ctx, customerEvent('customer.referrer_set.v1', customer.id, { referrerId }));
        return toCustomerDto(await profileOrThrow(tx, ctx, customer.id));
      });
    },
  };
}

export type ReferralsService = ReturnType<typeof createReferralsService>;
