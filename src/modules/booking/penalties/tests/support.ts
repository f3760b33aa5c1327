import type { Ctx } from '../../../../kernel/ctx.ts';
import { newId, type StudioId } from '../../../../kernel/ids.ts';
import { withStudio } from '../../../../platform/db/tx.ts';
import { publish } from '../../../../platform/events/publish.ts';
import type { StudioFixture, TestEnso } from '../../../../platform/testing/enso.ts';
import { bookingEvent } from '../../events.ts';
import { bookings } from '../../schema.ts';

/**
 * Test set-up of penalties, the roster and the kiosk: classes through the schedule's routes, and
 * booking rows written as the booking flows would leave them (so these tests do not depend on
 * how a booking is made, cancelled or marked a no-show).
 */

let classes = 0;

/** A location of the studio in `timeZone`. */
export async function makeLocation(s: StudioFixture, timeZone = 'Europe/Paris', name = 'Downtown'): Promise<string> {
  const res = await s.admin.post('/api/v1/locations', { name, timeZone });
  if (res.status !== 201) throw new Error(`location: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** One dated class (a 'dates' series with one date) at a location; returns its occurrence. */
export async function makeClass(
  s: StudioFixture,
  options: { date: string; startTime: string; locationId?: string; teacherId?: string; name?: string; capacity?: number; durationMin?: number },
): Promise<{ occurrenceId: string; seriesId: string; templateId: string }> {
  classes += 1;
  const locationId = options.locationId ?? (await makeLocation(s));
  const template = await s.admin.post('/api/v1/class-templates', { name: options.name ?? `Class ${classes}`, defaultDurationMin: options.durationMin ?? 60, defaultCapacity: options.capacity ?? 10 });
  if (template.status !== 201) throw new Error(`template: ${JSON.stringify(template.body)}`);
  const series = await s.admin.post('/api/v1/series', {
    templateId: template.body.id,
    pattern: 'dates',
    dates: [{ date: options.date, startTime: options.startTime }],
    locationId,
    ...(options.teacherId ? { teacherId: options.teacherId } : {}),
  });
  if (series.status !== 201) throw new Error(`series: ${JSON.stringify(series.body)}`);
  const day = Date.parse(`${options.date}T00:00:00Z`);
  const from = new Date(day - 2 * 86_400_000).toISOString();
  const to = new Date(day + 3 * 86_400_000).toISOString();
  const occurrences = await s.admin.get(`/api/v1/occurrences?from=${from}&to=${to}&templateId=${template.body.id}`);
  const occurrenceId = occurrences.body?.items?.[0]?.id;
  if (!occurrenceId) throw new Error(`no occurrence: ${JSON.stringify(occurrences.body)}`);
  return { occurrenceId, seriesId: series.body.series.id, templateId: template.body.id };
}

export const ctxOf = (enso: TestEnso, s: StudioFixture): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'test' });

type BookingValues = Partial<typeof bookings.$inferInsert> & { occurrenceId: string; customerId: string; status: string };

/** A booking row as the booking flows leave it. */
export async function insertBooking(enso: TestEnso, s: StudioFixture, values: BookingValues): Promise<string> {
  const id = newId('booking');
  const now = enso.clock.now();
  await withStudio(enso.database, s.studioId as StudioId, (tx) =>
    tx.insert(bookings).values({ payerId: values.customerId, source: 'staff', paymentMethod: 'complimentary', bookedAt: now, createdAt: now, updatedAt: now, ...values, studioId: s.studioId, id }),
  );
  return id;
}

/** Publishes the event the cancel flow or the no-show job publishes for this booking. */
export async function publishOffence(enso: TestEnso, s: StudioFixture, bookingId: string, type: 'booking.no_show.v1' | 'booking.late_cancelled.v1', facts: { occurrenceId: string; customerId: string; planId?: string | null; membershipId?: string | null }) {
  const ctx = ctxOf(enso, s);
  const base = {
    bookingId,
    occurrenceId: facts.occurrenceId,
    seriesId: 'ser_x',
    templateId: 'tpl_x',
    locationId: null,
    customerId: facts.customerId,
    payerId: facts.customerId,
    startsAt: enso.clock.now().toISOString(),
    paymentMethod: facts.membershipId ? 'membership' : 'complimentary',
    membershipId: facts.membershipId ?? null,
    planId: facts.planId ?? null,
  };
  await withStudio(enso.database, ctx.studioId, (tx) =>
    publish(tx, ctx, type === 'booking.no_show.v1' ? bookingEvent(type, bookingId, { ...base, endsAt: base.startsAt }) : bookingEvent(type, bookingId, base)),
  );
}

/** Delivers pending events and runs every due job until none is left. */
export async function settle(enso: TestEnso): Promise<void> {
  await enso.dispatcher.dispatchNow();
  await enso.jobs.runDueJobs();
}
