import { sql } from 'drizzle-orm';
import { bigserial, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';

/**
 * Everyone who signs in: staff (with a role) and customers (whose profile lives in
 * customers). An email is unique per studio and kind; it is stored lower-cased.
 */
export const users = pgTable(
  'identity_users',
  {
    studioId: studioId(),
    id: text().notNull(),
    kind: text().$type<'staff' | 'customer'>().notNull(),
    email: text().notNull(),
    firstName: text().notNull().default(''),
    lastName: text().notNull().default(''),
    role: text().$type<'admin' | 'operator' | 'front_desk' | 'teacher'>(),
    status: text().$type<'invited' | 'active' | 'deactivated'>().notNull(),
    passwordHash: text(),
    locale: text(),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('identity_users_email_key').on(t.studioId, t.kind, t.email),
    // Staff sign in with an email alone: this finds their studio(s).
    index('identity_users_email_idx').on(t.email),
  ],
);

/** Signed-in sessions. Only the SHA-256 of the token is stored. */
export const sessions = pgTable(
  'identity_sessions',
  {
    studioId: studioId(),
    id: text().notNull(),
    userId: text().notNull(),
    tokenHash: text().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.userId], foreignColumns: [users.studioId, users.id] }),
    uniqueIndex('identity_sessions_token_key').on(t.tokenHash),
    index('identity_sessions_user_idx').on(t.studioId, t.userId),
  ],
);

/** Keys for server-to-server calls; each acts with a staff role. Only the hash is stored. */
export const apiKeys = pgTable(
  'identity_api_keys',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    role: text().$type<'admin' | 'operator' | 'front_desk' | 'teacher'>().notNull(),
    prefix: text().notNull(),
    tokenHash: text().notNull(),
    createdBy: text(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('identity_api_keys_token_key').on(t.tokenHash),
  ],
);

/** One-time links sent by email: staff invitations and password resets. */
export const authTokens = pgTable(
  'identity_auth_tokens',
  {
    studioId: studioId(),
    id: text().notNull(),
    userId: text().notNull(),
    purpose: text().$type<'invite' | 'reset'>().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.userId], foreignColumns: [users.studioId, users.id] }),
    uniqueIndex('identity_auth_tokens_token_key').on(t.tokenHash),
  ],
);

/**
 * Sign-in attempts, across studios (an attacker does not pick one): throttling counts
 * recent failures per account key and per IP.
 */
export const loginAttempts = pgTable(
  'identity_login_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    accountKey: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('identity_login_attempts_account_idx').on(t.accountKey, t.at), index('identity_login_attempts_ip_idx').on(t.ip, t.at)],
);
