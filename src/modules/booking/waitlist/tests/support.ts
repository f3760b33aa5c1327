import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { releaseBooking } from '../../capacity-repo.ts';

/**
 * Test set-up of the waitlist and attendance: classes through the schedule's routes, bookings
 * through the staff booking route (full → waitlisted), spots freed as cancel does it (the guarded
 * release and `onSpotFreed` in one transaction), jobs run by hand with the test's clock.
 */

let n = 0;
const locations = new Map<string, string>();

/** The studio's one location (made on first use). */
async function locationOf(s: StudioFixture): Promise<string> {
  let id = locations.get(s.studioId);
  if (!id) {
    const res = await s.admin.post('/api/v1/locations', { name: 'Main hall', timeZone: 'Europe/Paris' });
    if (res.status !== 201) throw new Error(`location: ${JSON.stringify(res.body)}`);
    id = res.body.id as string;
    locations.set(s.studioId, id);
  }
  return id;
}

export const ctxOf = (enso: TestEnso, s: StudioFixture): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'test' });

/** One dated class; `startsAt` in UTC ('2027-03-02T17:00:00Z'), studio in Paris. */
export async function makeClass(
  s: StudioFixture,
  options: { date: string; startTime: string; capacity: number; priceMinor?: number; durationMin?: number; teacherId?: string },
): Promise<string> {
  n += 1;
  const template = await s.admin.post('/api/v1/class-templates', {
    name: `Flow ${n}`,
    defaultDurationMin: options.durationMin ?? 60,
    defaultCapacity: options.capacity,
    ...(options.priceMinor ? { priceMinor: options.priceMinor } : {}),
  });
  if (template.status !== 201) throw new Error(`template: ${JSON.stringify(template.body)}`);
  const series = await s.admin.post('/api/v1/series', {
    templateId: template.body.id,
    pattern: 'dates',
    dates: [{ date: options.date, startTime: options.startTime }],
    locationId: await locationOf(s),
    ...(options.teacherId ? { teacherId: options.teacherId } : {}),
  });
  if (series.status !== 201) throw new Error(`series: ${JSON.stringify(series.body)}`);
  const day = Date.parse(`${options.date}T00:00:00Z`);
  const list = await s.admin.get(`/api/v1/occurrences?from=${new Date(day - 2 * 86_400_000).toISOString()}&to=${new Date(day + 3 * 86_400_000).toISOString()}&templateId=${template.body.id}`);
  const id = list.body?.items?.[0]?.id;
  if (!id) throw new Error(`no occurrence: ${JSON.stringify(list.body)}`);
  return id;
}

/** Staff book a customer (complimentary; a full class puts them on its waitlist). */
export async function book(s: StudioFixture, occurrenceId: string, customerId: string, payment: Record<string, unknown> = { method: 'complimentary' }) {
  const res = await s.admin.request('POST', '/api/v1/bookings', {
    body: { occurrenceId, customerId, payment },
    headers: { 'idempotency-key': `t-${randomBytes(8).toString('hex')}` },
  });
  if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.booking as { id: string; status: string; waitlistPosition: number | null };
}

/** Frees a booked spot as cancel does: the guarded release and the waitlist hook in one transaction. */
export async function freeSpot(enso: TestEnso, s: StudioFixture, bookingId: string) {
  const ctx = ctxOf(enso, s);
  await withStudio(enso.database, ctx.studioId, async (tx) => {
    const row = await releaseBooking(tx, ctx, bookingId, { status: 'cancelled', cancelledAt: ctx.clock.now() });
    if (row) await enso.services.waitlist.onSpotFreed(tx, ctx, row.occurrenceId);
  });
}

export async function statusOf(enso: TestEnso, s: StudioFixture, bookingId: string) {
  const [row] = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ status: string; offer_expires_at: Date | null; checked_in_at: Date | null }>(
      await tx.execute(sql`select status, offer_expires_at, checked_in_at from booking_bookings where studio_id = ${s.studioId} and id = ${bookingId}`),
    ),
  );
  return row!;
}

export async function bookedCount(enso: TestEnso, s: StudioFixture, occurrenceId: string) {
  const [row] = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ booked_count: number }>(await tx.execute(sql`select booked_count from schedule_occurrences where studio_id = ${s.studioId} and id = ${occurrenceId}`)),
  );
  return Number(row!.booked_count);
}

/** Events of a type in a studio, oldest first. */
export async function eventsOf(enso: TestEnso, s: StudioFixture, type: string): Promise<{ subjectId: string; payload: Record<string, any> }[]> {
  return withSystem(enso.database, async (tx) =>
    rowsOf<{ subject_id: string; payload: Record<string, any> }>(
      await tx.execute(sql`select subject_id, payload from events where studio_id = ${s.studioId} and type = ${type} order by occurred_at, id`),
    ).map((r) => ({ subjectId: r.subject_id, payload: r.payload })),
  );
}

/** A customer who signed up on the studio's pages, signed in. */
export async function signedInCustomer(s: StudioFixture, name: string): Promise<{ client: TestClient; customerId: string }> {
  n += 1;
  const client = s.anonymous();
  const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName: name, email: `${name.toLowerCase()}-${n}-${randomBytes(3).toString('hex')}@example.com`, password: testPassword });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, customerId: res.body.customer.id as string };
}
