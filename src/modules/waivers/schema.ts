import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * A waiver of a studio. `kind`: customer (to book a class), membership (to buy one), child (a
 * parent booking for a child), custom (sent from a profile). A studio has at most one waiver of
 * each standard kind and any number of custom ones. The text lives in its versions.
 */
export const waivers = pgTable(
  'waivers',
  {
    studioId: studioId(),
    id: text().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    currentVersion: integer().notNull().default(1),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('waivers_standard_kind_key').on(t.studioId, t.kind).where(sql`kind <> 'custom' and archived_at is null`),
  ],
);

/** Every text a waiver has had, never changed once written. */
export const waiverVersions = pgTable(
  'waiver_versions',
  {
    studioId: studioId(),
    waiverId: text().notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    /** SHA-256 of the exact text shown, hex: a signature names the text it agreed to. */
    bodySha256: text().notNull(),
    /** The note staff wrote when publishing this version (sent with re-sign requests). */
    note: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.waiverId, t.version] }),
    foreignKey({ columns: [t.studioId, t.waiverId], foreignColumns: [waivers.studioId, waivers.id] }),
  ],
);

/**
 * A signature: who is covered (`customer_id`), who signed (`signer_id`, the parent for a child),
 * which version and text hash, when, from where and how (checkbox | in_person | email_link).
 * A trigger refuses any change to what was signed (see the migration); only a merge may
 * re-point the customer columns to the surviving profile.
 */
export const waiverSignatures = pgTable(
  'waiver_signatures',
  {
    studioId: studioId(),
    id: text().notNull(),
    waiverId: text().notNull(),
    version: integer().notNull(),
    customerId: text().notNull(),
    signerId: text().notNull(),
    signerName: text().notNull(),
    method: text().notNull(),
    bodySha256: text().notNull(),
    /** The drawn signature (PNG) for an in-person signature. */
    signatureImage: bytea(),
    ip: text(),
    userAgent: text(),
    /** The staff member present for an in-person signature. */
    witnessId: text(),
    requestId: text(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({
      name: 'waiver_signatures_version_fk',
      columns: [t.studioId, t.waiverId, t.version],
      foreignColumns: [waiverVersions.studioId, waiverVersions.waiverId, waiverVersions.version],
    }),
    foreignKey({ name: 'waiver_signatures_customer_fk', columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    foreignKey({ name: 'waiver_signatures_signer_fk', columns: [t.studioId, t.signerId], foreignColumns: [customers.studioId, customers.id] }),
    index('waiver_signatures_customer_idx').on(t.studioId, t.customerId, t.waiverId, t.version),
  ],
);

/**
 * An emailed link to sign a waiver: only the token's hash is stored; it works once and expires.
 * `reason`: custom (sent from a profile) | resign (the waiver changed) | request (any other ask).
 */
export const waiverSignRequests = pgTable(
  'waiver_sign_requests',
  {
    studioId: studioId(),
    id: text().notNull(),
    waiverId: text().notNull(),
    version: integer().notNull(),
    customerId: text().notNull(),
    tokenHash: text().notNull(),
    reason: text().notNull(),
    note: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    signatureId: text(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({
      name: 'waiver_sign_requests_version_fk',
      columns: [t.studioId, t.waiverId, t.version],
      foreignColumns: [waiverVersions.studioId, waiverVersions.waiverId, waiverVersions.version],
    }),
    foreignKey({ name: 'waiver_sign_requests_customer_fk', columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('waiver_sign_requests_token_key').on(t.tokenHash),
    index('waiver_sign_requests_customer_idx').on(t.studioId, t.customerId),
  ],
);
