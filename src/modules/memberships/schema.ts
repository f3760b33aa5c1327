import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * What a studio sells as a membership (seed: "Adhésions": subscriptions, packs, on-demand).
 *
 * `kind`: subscription_absolute (every `interval_count` `interval_unit` from purchase, renewing
 * on the same day each period) | subscription_specific (`specific_start_date` to
 * `specific_end_date`, no renewal) | class_pack (credits, optional expiry after
 * `expiry_count` `expiry_unit`) | dollar_pack (grants `dollar_credit_minor` prepaid dollar
 * credits through commerce) | on_demand (renewing like an absolute subscription; video access)
 * | intro_offer (once per customer, `credits_count` classes within `expiry_*`).
 * `price_mode`: fixed (`price_minor`) | sliding (the buyer picks within `price_min_minor` ..
 * `price_max_minor`; `price_minor` is the suggested amount). Prices are tax-exclusive minor units.
 * `credits_mode`: unlimited | per_period (`credits_count` each period) | total (`credits_count` once).
 * Empty `usable_*` arrays mean "everything of that kind".
 */
export const plans = pgTable(
  'membership_plans',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    kind: text().notNull(),
    intervalCount: integer(),
    intervalUnit: text(),
    specificStartDate: date({ mode: 'string' }),
    specificEndDate: date({ mode: 'string' }),
    expiryCount: integer(),
    expiryUnit: text(),
    priceMode: text().notNull().default('fixed'),
    priceMinor: bigint({ mode: 'number' }).notNull().default(0),
    priceMinMinor: bigint({ mode: 'number' }),
    priceMaxMinor: bigint({ mode: 'number' }),
    currency: text().notNull(),
    taxRateBp: integer().notNull().default(0),
    creditsMode: text().notNull().default('unlimited'),
    creditsCount: integer(),
    dollarCreditMinor: bigint({ mode: 'number' }),
    usableTemplateIds: text().array().notNull().default(sql`'{}'::text[]`),
    usableServiceIds: text().array().notNull().default(sql`'{}'::text[]`),
    usableLocationIds: text().array().notNull().default(sql`'{}'::text[]`),
    shareableWithChildren: boolean().notNull().default(false),
    waiverRequired: boolean().notNull().default(false),
    featured: boolean().notNull().default(false),
    visibility: text().notNull().default('public'),
    customerCanFreeze: boolean().notNull().default(false),
    customerCanCancel: boolean().notNull().default(false),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('membership_plans_name_idx').on(t.studioId, t.name),
    check('membership_plans_kind_check', sql`${t.kind} in ('subscription_absolute', 'subscription_specific', 'class_pack', 'dollar_pack', 'on_demand', 'intro_offer')`),
    check('membership_plans_interval_check', sql`${t.intervalUnit} is null or (${t.intervalUnit} in ('day', 'week', 'month') and ${t.intervalCount} between 1 and 366)`),
    check('membership_plans_expiry_check', sql`${t.expiryUnit} is null or (${t.expiryUnit} in ('day', 'week', 'month') and ${t.expiryCount} between 1 and 3660)`),
    check('membership_plans_price_mode_check', sql`${t.priceMode} in ('fixed', 'sliding')`),
    check('membership_plans_price_check', sql`${t.priceMinor} >= 0 and (${t.priceMinMinor} is null or ${t.priceMinMinor} >= 0) and (${t.priceMaxMinor} is null or ${t.priceMaxMinor} >= 0)`),
    check('membership_plans_tax_check', sql`${t.taxRateBp} between 0 and 10000`),
    check('membership_plans_credits_mode_check', sql`${t.creditsMode} in ('unlimited', 'per_period', 'total')`),
    check('membership_plans_credits_check', sql`${t.creditsCount} is null or ${t.creditsCount} between 1 and 100000`),
    check('membership_plans_visibility_check', sql`${t.visibility} in ('public', 'hidden')`),
  ],
);

/**
 * One customer's membership. Periods are local dates in `time_zone` (the studio's zone at
 * purchase): `period_start` inclusive, `period_end` exclusive — the renewal date of a renewing
 * plan, the day after the last usable day otherwise (null: no end, e.g. a pack without expiry).
 * `anchor_day` is the day of month renewals aim for (Jan 31 → Feb 28 → Mar 31).
 * `status`: pending (awaiting its deposit) | active | frozen | past_due | expired | cancelled.
 * `credits_remaining` is the cache of the credit ledger (null: unlimited); the check keeps it
 * from going negative, and every spend is a guarded UPDATE.
 */
export const memberships = pgTable(
  'memberships',
  {
    studioId: studioId(),
    id: text().notNull(),
    customerId: text().notNull(),
    planId: text().notNull(),
    kind: text().notNull(),
    status: text().notNull().default('active'),
    timeZone: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }),
    anchorDay: smallint().notNull(),
    autoRenew: boolean().notNull().default(false),
    renewalCancelledAt: timestamp({ withTimezone: true }),
    priceMinor: bigint({ mode: 'number' }).notNull(),
    renewalPriceMinor: bigint({ mode: 'number' }),
    currency: text().notNull(),
    creditsRemaining: integer(),
    creditsPerPeriod: integer(),
    introOffer: boolean().notNull().default(false),
    orderId: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    expiredAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    foreignKey({ columns: [t.studioId, t.planId], foreignColumns: [plans.studioId, plans.id] }),
    index('memberships_customer_idx').on(t.studioId, t.customerId),
    // The renewal and expiry jobs look for memberships whose period ends.
    index('memberships_period_end_idx').on(t.periodEnd, t.status),
    check('memberships_status_check', sql`${t.status} in ('pending', 'active', 'frozen', 'past_due', 'expired', 'cancelled')`),
    check('memberships_credits_check', sql`${t.creditsRemaining} is null or ${t.creditsRemaining} >= 0`),
    check('memberships_price_check', sql`${t.priceMinor} >= 0 and (${t.renewalPriceMinor} is null or ${t.renewalPriceMinor} >= 0)`),
    check('memberships_anchor_check', sql`${t.anchorDay} between 1 and 31`),
  ],
);

/**
 * A freeze: benefits are suspended from `starts_at` to `ends_at` (null: until staff unfreeze).
 * `status`: scheduled | active | done | cancelled. The renewal date moves by the frozen days.
 */
export const freezes = pgTable(
  'membership_freezes',
  {
    studioId: studioId(),
    id: text().notNull(),
    membershipId: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }),
    status: text().notNull().default('scheduled'),
    appliedAt: timestamp({ withTimezone: true }),
    liftedAt: timestamp({ withTimezone: true }),
    /** Days the period end moved when the freeze was lifted. */
    shiftedDays: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.membershipId], foreignColumns: [memberships.studioId, memberships.id] }),
    index('membership_freezes_membership_idx').on(t.studioId, t.membershipId),
    index('membership_freezes_due_idx').on(t.status, t.startsAt),
    check('membership_freezes_status_check', sql`${t.status} in ('scheduled', 'active', 'done', 'cancelled')`),
    check('membership_freezes_times_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * The class-credit ledger: append-only; `balance_after` is `memberships.credits_remaining`
 * after the row. `reason`: grant | period_grant | booking | booking_returned | expiry | adjustment.
 * One `booking` and one `booking_returned` row per (membership, booking): a retried call is a no-op.
 */
export const creditLedger = pgTable(
  'membership_credit_ledger',
  {
    studioId: studioId(),
    id: text().notNull(),
    membershipId: text().notNull(),
    delta: integer().notNull(),
    balanceAfter: integer().notNull(),
    reason: text().notNull(),
    bookingId: text(),
    occurrenceId: text(),
    orderId: text(),
    periodStart: date({ mode: 'string' }),
    note: text().notNull().default(''),
    actorId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.membershipId], foreignColumns: [memberships.studioId, memberships.id] }),
    index('membership_credit_ledger_membership_idx').on(t.studioId, t.membershipId, t.createdAt),
    uniqueIndex('membership_credit_ledger_booking_key').on(t.studioId, t.membershipId, t.bookingId, t.reason).where(sql`booking_id is not null`),
    uniqueIndex('membership_credit_ledger_period_key').on(t.studioId, t.membershipId, t.periodStart).where(sql`reason = 'period_grant'`),
    check('membership_credit_ledger_reason_check', sql`${t.reason} in ('grant', 'period_grant', 'booking', 'booking_returned', 'expiry', 'adjustment')`),
    check('membership_credit_ledger_balance_check', sql`${t.balanceAfter} >= 0`),
  ],
);

/**
 * One renewal charge per (membership, period): the unique key is what makes a second run of
 * the job, a crashed worker or an early webhook unable to charge twice.
 * `status`: due | charging | paid | failed (retry at `next_attempt_at`) | abandoned (expired).
 */
export const renewals = pgTable(
  'membership_renewals',
  {
    studioId: studioId(),
    id: text().notNull(),
    membershipId: text().notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }).notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    status: text().notNull().default('due'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    orderId: text(),
    failureMessage: text(),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.membershipId], foreignColumns: [memberships.studioId, memberships.id] }),
    uniqueIndex('membership_renewals_period_key').on(t.studioId, t.membershipId, t.periodStart),
    index('membership_renewals_retry_idx').on(t.status, t.nextAttemptAt),
    check('membership_renewals_status_check', sql`${t.status} in ('due', 'charging', 'paid', 'failed', 'abandoned')`),
    check('membership_renewals_amount_check', sql`${t.amountMinor} >= 0`),
  ],
);

/**
 * Each charge attempt of a renewal or an instalment, recorded BEFORE the provider is called;
 * `idempotency_key` (`${renewalId}:${attempt}`) is sent to the provider, so a worker that dies
 * after the charge re-sends the same key and gets the same outcome back.
 * `status`: started | paid | failed | requires_action.
 */
export const chargeAttempts = pgTable(
  'membership_charge_attempts',
  {
    studioId: studioId(),
    id: text().notNull(),
    membershipId: text().notNull(),
    renewalId: text(),
    instalmentId: text(),
    attempt: integer().notNull(),
    idempotencyKey: text().notNull(),
    status: text().notNull().default('started'),
    orderId: text(),
    failureMessage: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.membershipId], foreignColumns: [memberships.studioId, memberships.id] }),
    uniqueIndex('membership_charge_attempts_key').on(t.studioId, t.idempotencyKey),
    index('membership_charge_attempts_membership_idx').on(t.studioId, t.membershipId, t.startedAt),
    check('membership_charge_attempts_status_check', sql`${t.status} in ('started', 'paid', 'failed', 'requires_action')`),
  ],
);

/**
 * A payment plan: the deposit (seq 0, paid at the sale) and custom instalments, each with its
 * own due date and amount; the amounts always add up to the membership's price.
 * `status`: pending | paid | failed | cancelled.
 */
export const instalments = pgTable(
  'membership_instalments',
  {
    studioId: studioId(),
    id: text().notNull(),
    membershipId: text().notNull(),
    seq: integer().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    orderId: text(),
    failureMessage: text(),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.membershipId], foreignColumns: [memberships.studioId, memberships.id] }),
    uniqueIndex('membership_instalments_seq_key').on(t.studioId, t.membershipId, t.seq),
    index('membership_instalments_due_idx').on(t.status, t.dueDate),
    check('membership_instalments_status_check', sql`${t.status} in ('pending', 'paid', 'failed', 'cancelled')`),
    check('membership_instalments_amount_check', sql`${t.amountMinor} > 0`),
  ],
);
