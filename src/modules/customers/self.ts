import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { CustomersError, customerNotFound } from './errors.ts';
import * as repo from './repo.ts';

/** The signed-in customer's own profile (found by their login), for the customer-facing routes of this module's areas. */
export async function ownProfileOrThrow(tx: Tx, ctx: Ctx, options: { lock?: boolean } = {}): Promise<repo.CustomerRow> {
  if (ctx.actor.kind !== 'customer') throw new CustomersError('not_a_customer', 'Sign in as a customer first.');
  const customer = await repo.findCustomerByUserId(tx, ctx, ctx.actor.userId, options);
  if (!customer) throw customerNotFound();
  return customer;
}

export async function profileOrThrow(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<repo.CustomerRow> {
  const customer = await repo.findCustomer(tx, ctx, id, options);
  if (!customer) throw customerNotFound();
  return customer;
}

/** Deleted (anonymised) or merged into another profile: such a profile takes no new links. */
export const isRetired = (c: repo.CustomerRow) => c.anonymizedAt !== null || c.mergedIntoId !== null;
