import { sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import type { BookingDto } from './contracts.ts';
import { bookingNotFound } from './errors.ts';

/** An instant as the API writes it, formatted by PostgreSQL (same text on PGlite and node-postgres). */
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface ViewRow {
  id: string;
  occurrenceId: string;
  customerId: string;
  firstName: string;
  lastName: string;
  payerId: string;
  status: BookingDto['status'];
  source: BookingDto['source'];
  paymentMethod: BookingDto['paymentMethod'];
  membershipId: string | null;
  membershipName: string | null;
  orderId: string | null;
  paidMinor: string | number;
  currency: string | null;
  discountCode: string | null;
  spotLabel: string | null;
  registrationId: string | null;
  waitlistPosition: string | number | null;
  offerExpiresAt: string | null;
  bookedAt: string | null;
  checkedInAt: string | null;
  cancelledAt: string | null;
  refundKind: BookingDto['refundKind'];
  refundMinor: string | number;
  noShowAt: string | null;
  createdAt: string;
  className: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  locationName: string | null;
  classStatus: BookingDto['class']['status'];
}

const toDto = (r: ViewRow): BookingDto => ({
  id: r.id,
  occurrenceId: r.occurrenceId,
  customerId: r.customerId,
  customerName: [r.firstName, r.lastName].filter(Boolean).join(' '),
  payerId: r.payerId,
  status: r.status,
  source: r.source,
  paymentMethod: r.paymentMethod,
  membershipId: r.membershipId,
  membershipName: r.membershipName,
  orderId: r.orderId,
  paidMinor: Number(r.paidMinor),
  currency: r.currency,
  discountCode: r.discountCode,
  spotLabel: r.spotLabel,
  registrationId: r.registrationId,
  waitlistPosition: r.waitlistPosition === null ? null : Number(r.waitlistPosition),
  offerExpiresAt: r.offerExpiresAt,
  bookedAt: r.bookedAt,
  checkedInAt: r.checkedInAt,
  cancelledAt: r.cancelledAt,
  refundKind: r.refundKind,
  refundMinor: Number(r.refundMinor),
  noShowAt: r.noShowAt,
  createdAt: r.createdAt,
  class: { name: r.className, startsAt: r.startsAt, endsAt: r.endsAt, timeZone: r.timeZone, locationName: r.locationName, status: r.classStatus },
});

/**
 * The answer shape of bookings, by id, in the order given (missing ids are left out): the
 * attendee's name, the paying plan's name, the place in the waitlist while waiting, and the
 * class (name, times, zone, location, status). One statement for any number of bookings.
 */
export async function bookingDtos(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<BookingDto[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<ViewRow>(
    await tx.execute(sql`
      select b.id, b.occurrence_id as "occurrenceId", b.customer_id as "customerId", c.first_name as "firstName", c.last_name as "lastName",
             b.payer_id as "payerId", b.status, b.source, b.payment_method as "paymentMethod", b.membership_id as "membershipId",
             p.name as "membershipName", b.order_id as "orderId", b.paid_minor as "paidMinor", b.currency, b.discount_code as "discountCode",
             b.spot_label as "spotLabel", b.registration_id as "registrationId",
             case when b.status in ('waitlisted', 'offered') then (
               select count(*) from booking_bookings w
                where w.studio_id = b.studio_id and w.occurrence_id = b.occurrence_id
                  and w.status in ('waitlisted', 'offered') and w.waitlist_seq <= b.waitlist_seq) end as "waitlistPosition",
             ${iso('b.offer_expires_at')} as "offerExpiresAt", ${iso('b.booked_at')} as "bookedAt", ${iso('b.checked_in_at')} as "checkedInAt",
             ${iso('b.cancelled_at')} as "cancelledAt", b.refund_kind as "refundKind", b.refund_minor as "refundMinor",
             ${iso('b.no_show_at')} as "noShowAt", ${iso('b.created_at')} as "createdAt",
             t.name as "className", ${iso('o.starts_at')} as "startsAt", ${iso('o.ends_at')} as "endsAt", o.time_zone as "timeZone",
             l.name as "locationName", o.status as "classStatus"
        from booking_bookings b
        join customers c on c.studio_id = b.studio_id and c.id = b.customer_id
        join schedule_occurrences o on o.studio_id = b.studio_id and o.id = b.occurrence_id
        join schedule_templates t on t.studio_id = b.studio_id and t.id = o.template_id
        left join studio_locations l on l.studio_id = b.studio_id and l.id = o.location_id
        left join memberships m on m.studio_id = b.studio_id and m.id = b.membership_id
        left join membership_plans p on p.studio_id = b.studio_id and p.id = m.plan_id
       where b.studio_id = ${ctx.studioId} and b.id = any(string_to_array(${ids.join(',')}, ','))`),
  );
  const byId = new Map(rows.map((r) => [r.id, toDto(r)]));
  return ids.map((id) => byId.get(id)).filter((d): d is BookingDto => d !== undefined);
}

/** One booking's answer shape; `booking_not_found` when it is not in this studio. */
export async function bookingDto(tx: Tx, ctx: Ctx, id: string): Promise<BookingDto> {
  const [dto] = await bookingDtos(tx, ctx, [id]);
  if (!dto) throw bookingNotFound();
  return dto;
}
