import { sql } from 'drizzle-orm';
import { customType, text, timestamp } from 'drizzle-orm/pg-core';

/** `studio_id`, the tenant column every tenant table starts with. */
export const studioId = () => text().notNull();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);

/** Binary data (a logo, a drawn signature), read back as a Buffer on both drivers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});
