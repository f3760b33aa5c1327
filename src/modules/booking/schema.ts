import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgSequence, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';
import { customers } from '../customers/schema.ts';
import { occurrences, series } from '../schedule/schema.ts';

/**
 * The studio's booking rules (one row per studio, created with defaults on first read).
 *
 * Cancellation policy, once for classes and once for appointments (seed 001 "Politique
 * d'annulation"): `*_refund_mode` all ("crédits rendus pour tout": a class credit back to a pack
 * or membership, dollar credits for what was paid otherwise) | packs_only (only bookings paid
 * with a pack or a usage-based membership get their credit back) | none; `*_credit_cutoff_min`:
 * a cancellation at least this many minutes before the start is refunded, later nothing is;
 * `*_late_cancel_min`: a cancellation less than this many minutes before the start counts as a
 * late cancel (independent of the cutoff).
 * Waitlist (seed 003 numberOfMinutesToRespond): `waitlist_mode` auto (the first in line is
 * booked and pays) | confirm (an offer to one customer at a time, `waitlist_response_min` to
 * answer) | first_come (everyone is told; the first to claim gets the spot).
 */
export const settings = pgTable(
  'booking_settings',
  {
    studioId: studioId(),
    classRefundMode: text().notNull().default('all'),
    classCreditCutoffMin: integer().notNull().default(720),
    classLateCancelMin: integer().notNull().default(60),
    appointmentRefundMode: text().notNull().default('all'),
    appointmentCreditCutoffMin: integer().notNull().default(1440),
    appointmentLateCancelMin: integer().notNull().default(60),
    waitlistEnabled: boolean().notNull().default(true),
    waitlistMode: text().notNull().default('auto'),
    waitlistResponseMin: integer().notNull().default(60),
    /** Customers may cancel their own bookings online (staff always may). */
    customersMayCancel: boolean().notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('booking_settings_class_refund_check', sql`${t.classRefundMode} in ('all', 'packs_only', 'none')`),
    check('booking_settings_appointment_refund_check', sql`${t.appointmentRefundMode} in ('all', 'packs_only', 'none')`),
    check('booking_settings_waitlist_mode_check', sql`${t.waitlistMode} in ('auto', 'confirm', 'first_come')`),
    check(
      'booking_settings_minutes_check',
      sql`${t.classCreditCutoffMin} between 0 and 43200 and ${t.classLateCancelMin} between 0 and 43200 and ${t.appointmentCreditCutoffMin} between 0 and 43200 and ${t.appointmentLateCancelMin} between 0 and 43200 and ${t.waitlistResponseMin} between 5 and 10080`,
    ),
  ],
);

/**
 * One customer's place in one class: booked, waiting, or how it ended.
 *
 * `status`: pending (a spot held while a card payment completes; counts against capacity) |
 * booked | waitlisted | offered (a waitlist offer awaiting the customer's answer until
 * `offer_expires_at`) | cancelled | late_cancelled | no_show | removed (left the waitlist, an
 * offer expired or declined, a payment that never completed). Checked in is `checked_in_at`
 * on a booked row. pending and booked hold a spot: they are counted in the occurrence's
 * `booked_count`, changed only by the guarded UPDATE in the same transaction.
 * `customer_id` attends; `payer_id` booked and paid (a parent for a child; else the attendee).
 * `payment_method`: membership | intro_offer | card | prepaid_credit | cash | terminal | free |
 * complimentary (staff, no charge) | registration (covered by a semester/course registration).
 * `waitlist_seq` orders the waitlist by arrival (a sequence value taken at the insert).
 */
export const bookings = pgTable(
  'booking_bookings',
  {
    studioId: studioId(),
    id: text().notNull(),
    occurrenceId: text().notNull(),
    customerId: text().notNull(),
    payerId: text().notNull(),
    status: text().notNull(),
    source: text().notNull().default('online'),
    paymentMethod: text(),
    membershipId: text(),
    orderId: text(),
    paidMinor: bigint({ mode: 'number' }).notNull().default(0),
    currency: text(),
    discountCode: text(),
    spotLabel: text(),
    registrationId: text(),
    movedFromBookingId: text(),
    waitlistSeq: bigint({ mode: 'number' }),
    offeredAt: timestamp({ withTimezone: true }),
    offerExpiresAt: timestamp({ withTimezone: true }),
    holdExpiresAt: timestamp({ withTimezone: true }),
    bookedAt: timestamp({ withTimezone: true }),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedInBy: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: text(),
    /** none | class_credit | dollar_credit | card | cash — what the cancellation gave back (card and cash: a refund of the order made in Sales). */
    refundKind: text(),
    refundMinor: bigint({ mode: 'number' }).notNull().default(0),
    noShowAt: timestamp({ withTimezone: true }),
    /** Set when the class started and the attendance events for this booking were published. */
    attendanceEmittedAt: timestamp({ withTimezone: true }),
    createdBy: text(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.occurrenceId], foreignColumns: [occurrences.studioId, occurrences.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    foreignKey({ columns: [t.studioId, t.payerId], foreignColumns: [customers.studioId, customers.id] }),
    // One active place per customer per class (booked, held, or waiting).
    uniqueIndex('booking_bookings_active_key')
      .on(t.studioId, t.occurrenceId, t.customerId)
      .where(sql`status in ('pending', 'booked', 'waitlisted', 'offered')`),
    // One customer per spot on the room map.
    uniqueIndex('booking_bookings_spot_key')
      .on(t.studioId, t.occurrenceId, t.spotLabel)
      .where(sql`status in ('pending', 'booked') and spot_label is not null`),
    index('booking_bookings_occurrence_idx').on(t.studioId, t.occurrenceId, t.status),
    index('booking_bookings_customer_idx').on(t.studioId, t.customerId, t.createdAt),
    index('booking_bookings_payer_idx').on(t.studioId, t.payerId, t.createdAt),
    index('booking_bookings_waitlist_idx').on(t.studioId, t.occurrenceId, t.waitlistSeq).where(sql`status in ('waitlisted', 'offered')`),
    index('booking_bookings_order_idx').on(t.studioId, t.orderId),
    index('booking_bookings_registration_idx').on(t.studioId, t.registrationId),
    index('booking_bookings_hold_idx').on(t.holdExpiresAt).where(sql`status = 'pending'`),
    index('booking_bookings_offer_idx').on(t.offerExpiresAt).where(sql`status = 'offered'`),
    check(
      'booking_bookings_status_check',
      sql`${t.status} in ('pending', 'booked', 'waitlisted', 'offered', 'cancelled', 'late_cancelled', 'no_show', 'removed')`,
    ),
    check('booking_bookings_source_check', sql`${t.source} in ('online', 'staff', 'pos', 'kiosk', 'waitlist', 'registration', 'move')`),
    check(
      'booking_bookings_payment_check',
      sql`${t.paymentMethod} is null or ${t.paymentMethod} in ('membership', 'intro_offer', 'card', 'prepaid_credit', 'cash', 'terminal', 'free', 'complimentary', 'registration')`,
    ),
    check('booking_bookings_refund_check', sql`${t.refundKind} is null or ${t.refundKind} in ('none', 'class_credit', 'dollar_credit', 'card', 'cash')`),
    check('booking_bookings_money_check', sql`${t.paidMinor} >= 0 and ${t.refundMinor} >= 0 and ${t.refundMinor} <= ${t.paidMinor}`),
    check('booking_bookings_checkin_check', sql`${t.checkedInAt} is null or ${t.status} = 'booked'`),
  ],
);

/** Arrival order of waitlist entries across the whole database (values only ever grow). */
export const waitlistSeq = pgSequence('booking_waitlist_seq');

/**
 * A semester or course/challenge registration: one purchase that books the customer into
 * every class of the series (seed 000 "Semestre"). Its bookings name it in `registration_id`.
 * `status`: pending (card payment in progress) | active | cancelled.
 */
export const registrations = pgTable(
  'booking_registrations',
  {
    studioId: studioId(),
    id: text().notNull(),
    seriesId: text().notNull(),
    customerId: text().notNull(),
    payerId: text().notNull(),
    status: text().notNull(),
    paymentMethod: text(),
    membershipId: text(),
    orderId: text(),
    paidMinor: bigint({ mode: 'number' }).notNull().default(0),
    currency: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.seriesId], foreignColumns: [series.studioId, series.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('booking_registrations_active_key').on(t.studioId, t.seriesId, t.customerId).where(sql`status in ('pending', 'active')`),
    check('booking_registrations_status_check', sql`${t.status} in ('pending', 'active', 'cancelled')`),
  ],
);

/** A customer's self check-in key for the kiosk (seed 000 "Clés d'enregistrement en libre-service"). */
export const checkInKeys = pgTable(
  'booking_check_in_keys',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    key: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('booking_check_in_keys_key').on(t.studioId, t.key),
  ],
);

/**
 * An automatic fee for late cancels or no-shows (seed 001 "règles de prélèvement automatique").
 * `offence`: late_cancel | no_show. `plan_ids`: the membership plans whose bookings it counts
 * (empty: every booking). `count_mode` every | minimum | exactly with `count_n`: the fee applies
 * at every Nth offence, at each offence from the Nth, or only at the Nth. `period_kind`: days |
 * months (a look-back of `period_n`) | renewal_period (the membership's current period).
 */
export const penaltyRules = pgTable(
  'booking_penalty_rules',
  {
    studioId: studioId(),
    id: text().notNull(),
    offence: text().notNull(),
    planIds: text().array().notNull().default(sql`'{}'::text[]`),
    countMode: text().notNull(),
    countN: integer().notNull(),
    periodKind: text().notNull(),
    periodN: integer(),
    feeMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('booking_penalty_rules_offence_check', sql`${t.offence} in ('late_cancel', 'no_show')`),
    check('booking_penalty_rules_count_check', sql`${t.countMode} in ('every', 'minimum', 'exactly') and ${t.countN} between 1 and 100`),
    check(
      'booking_penalty_rules_period_check',
      sql`(${t.periodKind} in ('days', 'months') and ${t.periodN} between 1 and 3650) or (${t.periodKind} = 'renewal_period' and ${t.periodN} is null)`,
    ),
    check('booking_penalty_rules_fee_check', sql`${t.feeMinor} > 0`),
  ],
);

/**
 * A fee a rule applied to one offence. `status`: pending (to be charged by the job) | charged
 * (paid by the saved card: `order_id`) | owed (no saved card, or the charge was declined) |
 * waived (by staff, before or after charging; a charged fee is refunded).
 */
export const penalties = pgTable(
  'booking_penalties',
  {
    studioId: studioId(),
    id: text().notNull(),
    ruleId: text().notNull(),
    bookingId: text().notNull(),
    customerId: text().notNull(),
    offence: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    status: text().notNull(),
    orderId: text(),
    failureMessage: text(),
    waivedAt: timestamp({ withTimezone: true }),
    waivedBy: text(),
    chargedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.ruleId], foreignColumns: [penaltyRules.studioId, penaltyRules.id] }),
    foreignKey({ columns: [t.studioId, t.bookingId], foreignColumns: [bookings.studioId, bookings.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    // A rule applies at most once to one offence, however often the job runs.
    uniqueIndex('booking_penalties_rule_booking_key').on(t.studioId, t.ruleId, t.bookingId),
    index('booking_penalties_customer_idx').on(t.studioId, t.customerId, t.createdAt),
    check('booking_penalties_status_check', sql`${t.status} in ('pending', 'charged', 'owed', 'waived')`),
    check('booking_penalties_offence_check', sql`${t.offence} in ('late_cancel', 'no_show')`),
    check('booking_penalties_amount_check', sql`${t.amountMinor} > 0`),
  ],
);
