import type { Ctx } from '../../kernel/ctx.ts';
import { BookingError } from './errors.ts';

/** What is needed of the customers service: the signed-in customer's own profile. */
type Profiles = { getOwnProfile(ctx: Ctx): Promise<{ id: string }> };

/** The signed-in customer's profile id; null for staff and the system. */
export async function customerIdOf(customers: Profiles, ctx: Ctx): Promise<string | null> {
  if (ctx.actor.kind !== 'customer') return null;
  return ctx.actor.customerId || (await customers.getOwnProfile(ctx)).id;
}

/** The signed-in customer's profile id, for the routes only customers call. */
export async function ownCustomerId(customers: Profiles, ctx: Ctx): Promise<string> {
  const id = await customerIdOf(customers, ctx);
  if (id === null) throw new BookingError('customer_not_found', 'Sign in as a customer first.');
  return id;
}

/** A customer acts only on their own place, or their child's (they booked it: payer); staff (`me` null) on any. */
export function assertOwn(me: string | null, b: { customerId: string; payerId: string }) {
  if (me !== null && me !== b.customerId && me !== b.payerId) throw new BookingError('not_your_booking', 'This booking is not yours.');
}
