import { and, eq, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { CustomerDataOwner } from '../customers/index.ts';
import { bookings, checkInKeys, penalties, registrations } from './schema.ts';

/**
 * Booking's rows about a customer, for the customers module's merge, delete and privacy export:
 * bookings (as attendee or payer), registrations and penalties are history (attendance, money)
 * and keep the anonymised profile; the self check-in key has no history value and is erased.
 */
export const bookingDataOwner: CustomerDataOwner = {
  name: 'booking',
  async count(tx: Tx, ctx: Ctx, customerId: string) {
    const [b] = await tx.select({ n: sql<number>`count(*)::int` }).from(bookings).where(and(eq(bookings.studioId, ctx.studioId), or(eq(bookings.customerId, customerId), eq(bookings.payerId, customerId))));
    const [p] = await tx.select({ n: sql<number>`count(*)::int` }).from(penalties).where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.customerId, customerId)));
    return { bookings: Number(b?.n ?? 0), penalties: Number(p?.n ?? 0) };
  },
  async move(tx: Tx, ctx: Ctx, fromId: string, intoId: string) {
    await tx.update(bookings).set({ customerId: intoId }).where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.customerId, fromId)));
    await tx.update(bookings).set({ payerId: intoId }).where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.payerId, fromId)));
    await tx.update(registrations).set({ customerId: intoId }).where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.customerId, fromId)));
    await tx.update(registrations).set({ payerId: intoId }).where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.payerId, fromId)));
    await tx.update(penalties).set({ customerId: intoId }).where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.customerId, fromId)));
    // The merged profile keeps its own self check-in key; the other one goes.
    await tx.delete(checkInKeys).where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.customerId, fromId)));
  },
  async hasHistory(tx: Tx, ctx: Ctx, customerId: string) {
    const counts = await bookingDataOwner.count(tx, ctx, customerId);
    return counts.bookings! > 0 || counts.penalties! > 0;
  },
  async erase(tx: Tx, ctx: Ctx, customerId: string) {
    await tx.delete(checkInKeys).where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.customerId, customerId)));
  },
  async exportFor(tx: Tx, ctx: Ctx, customerId: string) {
    return {
      bookings: await tx.select().from(bookings).where(and(eq(bookings.studioId, ctx.studioId), or(eq(bookings.customerId, customerId), eq(bookings.payerId, customerId)))),
      registrations: await tx.select().from(registrations).where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.customerId, customerId))),
      penalties: await tx.select().from(penalties).where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.customerId, customerId))),
      checkInKey: (await tx.select({ key: checkInKeys.key }).from(checkInKeys).where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.customerId, customerId))))[0]?.key ?? null,
    };
  },
};
