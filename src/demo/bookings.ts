import type { Enso } from '../app.ts';
import type { Ctx } from '../kernel/ctx.ts';
import { addDays, localDateOf } from '../kernel/time.ts';

/**
 * Rosters with people on them: members with an unlimited plan are booked into the next few classes of
 * the week with their membership, and yesterday's first class has its members checked in (booked
 * by staff with auto check-in, as the desk records a class after the fact, complimentary). Customers and classes
 * are picked by position, so every seed looks the same.
 */
export async function seedBookings(enso: Enso, ctx: Ctx): Promise<void> {
  const { schedule, memberships, customers, book } = enso.services;
  const now = ctx.clock.now().getTime();
  const hour = 3_600_000;
  const classes = (
    await schedule.listOccurrences(ctx, { from: new Date(now - 30 * hour).toISOString(), to: new Date(now + 7 * 24 * hour).toISOString(), includeCancelled: 'false' })
  ).filter((o) => o.kind === 'class' && !o.online && o.locationName !== null);
  const past = classes.filter((o) => new Date(o.endsAt).getTime() < now).slice(0, 1);
  // Only this week's: next week's timetable stays empty, as the public schedule journey expects it.
  const today = localDateOf(ctx.clock.now(), 'Europe/Paris');
  const nextMonday = addDays(today, 7 - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const upcoming = classes.filter((o) => new Date(o.startsAt).getTime() > now + hour && o.localDate < nextMonday).slice(0, 4);

  const members: { customerId: string; membershipId: string }[] = [];
  for (const c of (await customers.searchCustomers(ctx, { limit: 24 })).items) {
    const usable = (await memberships.listForCustomer(ctx, c.id)).find((m) => m.status === 'active' && m.creditsRemaining === null);
    if (usable) members.push({ customerId: c.id, membershipId: usable.id });
  }

  const plan = [...past.map((o) => ({ o, autoCheckIn: true })), ...upcoming.map((o) => ({ o, autoCheckIn: false }))];
  for (const [i, { o, autoCheckIn }] of plan.entries()) {
    // Three to six people per class, never more than it holds.
    const count = Math.min(o.capacity, 3 + (i % 4));
    for (let k = 0; k < count && k < members.length; k++) {
      const m = members[(i * 3 + k) % members.length]!;
      await book.bookAsStaff(
        ctx,
        {
          occurrenceId: o.id,
          customerId: m.customerId,
          // Yesterday's plans were sold today: that class is recorded as given (a membership only covers its own dates).
          payment: autoCheckIn ? { method: 'complimentary' } : { method: 'membership', membershipId: m.membershipId },
          autoCheckIn,
        },
        `demo-booking-${o.id}-${m.customerId}`,
      );
    }
  }
}
