import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';
import { users } from '../identity/schema.ts';

/**
 * Customer profiles. The `search_*` columns hold lower-cased, accent-free copies of the
 * name and email, and `phone_digits` the phone's digits, so that a prefix search is an
 * index range scan (text_pattern_ops) whatever the database's collation.
 *
 * `visit_count`, `last_visit_at` and `membership_status` are a read model kept by this module
 * from the events of the booking and memberships modules, so the list can filter and sort on
 * them at 100,000 customers without joining tables it does not own.
 */
export const customers = pgTable(
  'customers',
  {
    studioId: studioId(),
    id: text().notNull(),
    userId: text(),
    firstName: text().notNull(),
    lastName: text().notNull().default(''),
    email: text(),
    phone: text(),
    birthDate: date({ mode: 'string' }),
    locale: text(),
    searchFirst: text().notNull(),
    searchLast: text().notNull(),
    searchEmail: text().notNull().default(''),
    phoneDigits: text().notNull().default(''),
    /** How the profile came to be: dashboard, signup, import, referral, checkout. */
    source: text().notNull().default('dashboard'),
    /** Set on a child's profile: the parent who books and signs for them. */
    parentId: text(),
    referralCode: text(),
    referredById: text(),
    visitCount: integer().notNull().default(0),
    lastVisitAt: timestamp({ withTimezone: true }),
    /** none | active | frozen | expired — from the memberships module's events. */
    membershipStatus: text().notNull().default('none'),
    /** When the customer unsubscribed, per kind; null while subscribed. STOP by SMS sets sms_stopped_at. */
    emailMarketingOptOutAt: timestamp({ withTimezone: true }),
    emailTransactionalOptOutAt: timestamp({ withTimezone: true }),
    smsMarketingOptOutAt: timestamp({ withTimezone: true }),
    smsStoppedAt: timestamp({ withTimezone: true }),
    /** A merged duplicate points at the profile that absorbed it (and is archived). */
    mergedIntoId: text(),
    /** Deleted with history to keep: personal data blanked, the row kept for bookings and payments. */
    anonymizedAt: timestamp({ withTimezone: true }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    foreignKey({ columns: [t.studioId, t.userId], foreignColumns: [users.studioId, users.id] }),
    foreignKey({ name: 'customers_parent_fk', columns: [t.studioId, t.parentId], foreignColumns: [t.studioId, t.id] }),
    foreignKey({ name: 'customers_referred_by_fk', columns: [t.studioId, t.referredById], foreignColumns: [t.studioId, t.id] }),
    uniqueIndex('customers_email_key').on(t.studioId, t.email),
    uniqueIndex('customers_user_key').on(t.studioId, t.userId).where(sql`user_id is not null`),
    uniqueIndex('customers_referral_code_key').on(t.studioId, t.referralCode).where(sql`referral_code is not null`),
    index('customers_search_first_idx').on(t.studioId, t.searchFirst.op('text_pattern_ops')),
    index('customers_search_last_idx').on(t.studioId, t.searchLast.op('text_pattern_ops')),
    index('customers_search_email_idx').on(t.studioId, t.searchEmail.op('text_pattern_ops')),
    index('customers_phone_idx').on(t.studioId, t.phoneDigits.op('text_pattern_ops')),
    index('customers_name_order_idx').on(t.studioId, t.searchLast, t.searchFirst, t.id),
    index('customers_created_idx').on(t.studioId, t.createdAt, t.id),
    index('customers_last_visit_idx').on(t.studioId, t.lastVisitAt, t.id),
    index('customers_visit_count_idx').on(t.studioId, t.visitCount, t.id),
    index('customers_parent_idx').on(t.studioId, t.parentId).where(sql`parent_id is not null`),
    index('customers_referred_by_idx').on(t.studioId, t.referredById).where(sql`referred_by_id is not null`),
    // The activity feed of a survivor reads the events of the profiles merged into it.
    index('customers_merged_into_idx').on(t.studioId, t.mergedIntoId).where(sql`merged_into_id is not null`),
  ],
);

const customerRef = (t: { studioId: AnyPgColumn; customerId: AnyPgColumn }, name: string) =>
  foreignKey({ name, columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] });

/** Tags a studio puts on customers; `badge` shows the tag as a badge next to the name. */
export const customerTags = pgTable(
  'customer_tags',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    /** Lower-cased, accent-free name: two tags can't differ only by case or accents. */
    nameKey: text().notNull(),
    color: text().notNull().default('gray'),
    badge: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('customer_tags_name_key').on(t.studioId, t.nameKey),
  ],
);

export const customerTagLinks = pgTable(
  'customer_tag_links',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    tagId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId, t.tagId] }),
    customerRef(t, 'customer_tag_links_customer_fk'),
    foreignKey({ columns: [t.studioId, t.tagId], foreignColumns: [customerTags.studioId, customerTags.id] }).onDelete('cascade'),
    index('customer_tag_links_tag_idx').on(t.studioId, t.tagId, t.customerId),
  ],
);

/**
 * Custom fields (Champs d'informations personnalisés). `kind`: text | number | date | choice |
 * multi_choice | checkbox. `askAtCheckout` makes it a custom question; `badge`: none | when_set
 * (e.g. "Injury") | on_date (a date field whose month and day are today, e.g. a birthday).
 */
export const customerFields = pgTable(
  'customer_fields',
  {
    studioId: studioId(),
    id: text().notNull(),
    label: text().notNull(),
    kind: text().notNull(),
    options: jsonb().$type<string[]>().notNull().default([]),
    required: boolean().notNull().default(false),
    askAtCheckout: boolean().notNull().default(false),
    customerEditable: boolean().notNull().default(true),
    badge: text().notNull().default('none'),
    badgeLabel: text().notNull().default(''),
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.id] }), foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);

/** One answer per (customer, field), in the column of the field's kind; the others stay null. */
export const customerFieldValues = pgTable(
  'customer_field_values',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    fieldId: text().notNull(),
    textValue: text(),
    /** Decimal answers ("shoe size 38.5") kept exact, compared in SQL; never money. */
    numberValue: numeric(),
    dateValue: date({ mode: 'string' }),
    boolValue: boolean(),
    choiceValues: text().array(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId, t.fieldId] }),
    customerRef(t, 'customer_field_values_customer_fk'),
    foreignKey({ columns: [t.studioId, t.fieldId], foreignColumns: [customerFields.studioId, customerFields.id] }).onDelete('cascade'),
    index('customer_field_values_text_idx').on(t.studioId, t.fieldId, t.textValue),
    index('customer_field_values_number_idx').on(t.studioId, t.fieldId, t.numberValue),
    // Criteria compare numbers as float8, whose operators are leakproof: under row-level security the planner
    // may then use this index and its statistics (numeric's are not, and it guessed 1 row for 12,000).
    index('customer_field_values_number_float_idx').on(t.studioId, t.fieldId, sql`(${t.numberValue}::float8)`),
    index('customer_field_values_date_idx').on(t.studioId, t.fieldId, t.dateValue),
  ],
);

/** Staff-only notes on a profile. */
export const customerNotes = pgTable(
  'customer_notes',
  {
    studioId: studioId(),
    id: text().notNull(),
    customerId: text().notNull(),
    authorId: text(),
    body: text().notNull(),
    pinned: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    customerRef(t, 'customer_notes_customer_fk'),
    index('customer_notes_customer_idx').on(t.studioId, t.customerId, t.createdAt),
  ],
);

/** Files kept on a profile; the bytes live in the configured storage under `storage_key`. */
export const customerDocuments = pgTable(
  'customer_documents',
  {
    studioId: studioId(),
    id: text().notNull(),
    customerId: text().notNull(),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    customerRef(t, 'customer_documents_customer_fk'),
    index('customer_documents_customer_idx').on(t.studioId, t.customerId, t.createdAt),
  ],
);

/** Saved segments: a name and the criteria the list compiles to SQL; shown as tabs on the list. */
export const customerSegments = pgTable(
  'customer_segments',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    criteria: jsonb().$type<Record<string, unknown>>().notNull(),
    position: integer().notNull().default(0),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.id] }), foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);

/** A CSV import: its column mapping, progress and totals; the rows that failed are in customer_import_errors. */
export const customerImports = pgTable(
  'customer_imports',
  {
    studioId: studioId(),
    id: text().notNull(),
    fileName: text().notNull(),
    storageKey: text().notNull(),
    /** pending | running | done | failed */
    status: text().notNull().default('pending'),
    dryRun: boolean().notNull().default(false),
    preset: text(),
    mapping: jsonb().$type<Record<string, string>>().notNull().default({}),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    createdCount: integer().notNull().default(0),
    updatedCount: integer().notNull().default(0),
    unchangedCount: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    failure: text(),
    createdBy: text(),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.id] }), foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);

export const customerImportErrors = pgTable(
  'customer_import_errors',
  {
    studioId: studioId(),
    importId: text().notNull(),
    /** 1-based line of the data row in the file (the header is line 1). */
    line: integer().notNull(),
    field: text().notNull().default(''),
    message: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.importId, t.line, t.field] }),
    foreignKey({ columns: [t.studioId, t.importId], foreignColumns: [customerImports.studioId, customerImports.id] }).onDelete('cascade'),
  ],
);

/** The studio's referral programme: who gets what, and when. */
export const customerReferralSettings = pgTable(
  'customer_referral_settings',
  {
    studioId: studioId().primaryKey(),
    enabled: boolean().notNull().default(false),
    /** Dollar credit, in the studio currency's minor units, for the referrer and the new customer. */
    referrerRewardMinor: bigint({ mode: 'number' }).notNull().default(0),
    refereeRewardMinor: bigint({ mode: 'number' }).notNull().default(0),
    /** signup | first_purchase */
    rewardOn: text().notNull().default('first_purchase'),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);
