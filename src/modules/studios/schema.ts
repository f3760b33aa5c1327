import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';

/** The tenant. Its own `id` is the `studio_id` of every other tenant row. */
export const studios = pgTable(
  'studios',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    slug: text().notNull(),
    currency: text().notNull(),
    timeZone: text().notNull(),
    defaultLocale: text().notNull(),
    brandColor: text().notNull().default('#4c6ef5'),
    accentColor: text().notNull().default('#f59f00'),
    /** Feature switch (seed 003): group messages to more than 75 customers, campaigns and sequences. */
    marketingSuiteEnabled: boolean().notNull().default(false),
    logo: bytea(),
    logoContentType: text(),
    logoUpdatedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('studios_slug_key').on(t.slug)],
);

export const locations = pgTable(
  'studio_locations',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    addressLine1: text().notNull().default(''),
    addressLine2: text().notNull().default(''),
    city: text().notNull().default(''),
    postalCode: text().notNull().default(''),
    region: text().notNull().default(''),
    country: text().notNull().default(''),
    timeZone: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('studio_locations_name_idx').on(t.studioId, t.name),
  ],
);

export const rooms = pgTable(
  'studio_rooms',
  {
    studioId: studioId(),
    id: text().notNull(),
    locationId: text().notNull(),
    name: text().notNull(),
    capacity: integer().notNull(),
    /**
     * The room's floor plan for spot selection, or null when it has none: a grid of
     * `rows` × `columns` cells, some holding a numbered spot (a mat, bike, seat) and some a
     * landmark ("Door", "Mirror") that helps customers find their way. Checked by
     * `domain/spot-map.ts` before it is saved.
     */
    spotMap: jsonb().$type<{ rows: number; columns: number; cells: { row: number; column: number; kind: 'spot' | 'landmark'; label: string }[] }>(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.locationId], foreignColumns: [locations.studioId, locations.id] }),
    index('studio_rooms_location_idx').on(t.studioId, t.locationId),
    check('studio_rooms_capacity_check', sql`${t.capacity} > 0`),
  ],
);
