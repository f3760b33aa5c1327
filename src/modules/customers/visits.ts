import { and, eq, sql } from 'drizzle-orm';
import { defineSubscriber } from '../../platform/events/subscribers.ts';
import { customers } from './schema.ts';

/**
 * The `visit_count` / `last_visit_at` read model, kept from booking's check-in events: a visit
 * is a class the customer was checked in to (staff, teacher, kiosk, or booked with auto
 * check-in); booked customers not checked in become no-shows 2 hours after the class. An undone
 * check-in takes the visit back (`last_visit_at` keeps the latest class still counted or not:
 * it is "last seen", not recomputed). Exactly once per event: the dispatcher's receipt.
 */
export function customerVisitsSubscriber() {
  return defineSubscriber({
    name: 'customers.visits',
    events: ['booking.checked_in.v1', 'booking.check_in_undone.v1'],
    async handle(tx, event, ctx) {
      const { customerId, startsAt } = event.payload as { customerId?: unknown; startsAt?: unknown };
      if (typeof customerId !== 'string' || typeof startsAt !== 'string') return;
      const where = and(eq(customers.studioId, ctx.studioId), eq(customers.id, customerId));
      if (event.type === 'booking.checked_in.v1') {
        await tx
          .update(customers)
          .set({ visitCount: sql`${customers.visitCount} + 1`, lastVisitAt: sql`greatest(${customers.lastVisitAt}, ${startsAt}::timestamptz)` })
          .where(where);
      } else {
        await tx.update(customers).set({ visitCount: sql`greatest(${customers.visitCount} - 1, 0)` }).where(where);
      }
    },
  });
}
