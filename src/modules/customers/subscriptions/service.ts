import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomerDto } from '../contracts.ts';
import { applySubscriptionChange, type OptOuts } from '../domain/subscriptions.ts';
import { CustomersError } from '../errors.ts';
import { customerEvent } from '../events.ts';
import type { CustomerRow } from '../repo.ts';
import { customers } from '../schema.ts';
import { ownProfileOrThrow, profileOrThrow } from '../self.ts';
import { toCustomerDto } from '../service.ts';
import { updateSubscriptionsSchema, type UpdateSubscriptions } from './contracts.ts';

const optOutsOf = (c: CustomerRow): OptOuts => ({
  emailMarketing: c.emailMarketingOptOutAt,
  emailTransactional: c.emailTransactionalOptOutAt,
  smsMarketing: c.smsMarketingOptOutAt,
  sms: c.smsStoppedAt,
});

async function saveOptOuts(tx: Tx, ctx: Ctx, id: string, o: OptOuts): Promise<void> {
  await tx
    .update(customers)
    .set({
      emailMarketingOptOutAt: o.emailMarketing,
      emailTransactionalOptOutAt: o.emailTransactional,
      smsMarketingOptOutAt: o.smsMarketing,
      smsStoppedAt: o.sms,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, id)));
}

export function createSubscriptionsService(deps: { database: Database }) {
  const { database } = deps;

  /** Applies the change to a locked profile; one customer.subscription_changed.v1 per kind that really changed. */
  async function change(tx: Tx, ctx: Ctx, customer: CustomerRow, input: UpdateSubscriptions): Promise<CustomerDto> {
    const outcome = applySubscriptionChange(optOutsOf(customer), input, ctx.clock.now());
    if (!outcome.ok) {
      throw new CustomersError('sms_stopped', 'SMS are stopped for this customer: turn SMS back on to send marketing SMS.', [
        { path: 'smsMarketing', message: 'SMS are stopped.' },
      ]);
    }
    if (outcome.changed.length === 0) return toCustomerDto(customer);
    await saveOptOuts(tx, ctx, customer.id, outcome.optOuts);
    await publish(tx, ctx, ...outcome.changed.map((c) => customerEvent('customer.subscription_changed.v1', customer.id, c)));
    return toCustomerDto(await profileOrThrow(tx, ctx, customer.id));
  }

  return {
    /** Staff (un)subscribe a customer from kinds of messages, on their behalf. */
    async updateSubscriptions(ctx: Ctx, customerId: string, input: UpdateSubscriptions): Promise<CustomerDto> {
      const values = parseOrThrow(updateSubscriptionsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => change(tx, ctx, await profileOrThrow(tx, ctx, customerId, { lock: true }), values));
    },

    /** The signed-in customer chooses which messages they receive. */
    async updateOwnSubscriptions(ctx: Ctx, input: UpdateSubscriptions): Promise<CustomerDto> {
      const values = parseOrThrow(updateSubscriptionsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => change(tx, ctx, await ownProfileOrThrow(tx, ctx, { lock: true }), values));
    },
  };
}

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>;
