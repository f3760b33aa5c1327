import { sql } from 'drizzle-orm';
import { text, timestamp } from 'drizzle-orm/pg-core';

/** `studio_id`, the tenant column every tenant table starts with. */
export const studioId = () => text().notNull();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);
