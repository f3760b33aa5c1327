import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { customers } from '../../customers/schema.ts';

/**
 * A customer's record at the card provider (a Stripe Customer), made once per (customer,
 * provider, account): `account_ref` names the studio's provider account (its publishable key),
 * so connecting another Stripe account starts new records instead of reusing foreign ids.
 */
export const commerceProviderCustomers = pgTable(
  'commerce_provider_customers',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    provider: text().notNull(),
    accountRef: text().notNull(),
    providerCustomerId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId, t.provider, t.accountRef] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('commerce_provider_customers_provider_id_key').on(t.studioId, t.provider, t.providerCustomerId),
  ],
);

/**
 * A card setup started for a customer (a Stripe SetupIntent): the browser confirms it, then
 * `completeSetup` (the browser's call or the `setup_intent.succeeded` webhook, whichever comes
 * first) stores the card. Knowing whose setup it is keeps one customer from completing another's.
 */
export const commerceCardSetups = pgTable(
  'commerce_card_setups',
  {
    studioId: studioId(),
    /** The provider's SetupIntent id. */
    id: text().notNull(),
    customerId: text().notNull(),
    provider: text().notNull(),
    accountRef: text().notNull(),
    providerCustomerId: text().notNull(),
    /** The staff member who started it at the desk; null when the customer did it online. */
    startedBy: text(),
    completedAt: timestamp({ withTimezone: true }),
    savedCardId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
  ],
);

/**
 * A card saved at the provider, as the customer may see it: brand, last four digits and expiry,
 * never the number. At most one live default per customer. Removing a card detaches it at the
 * provider and keeps the row (`removed_at`) for the orders that name it.
 */
export const commerceSavedCards = pgTable(
  'commerce_saved_cards',
  {
    studioId: studioId(),
    id: text().notNull(),
    customerId: text().notNull(),
    provider: text().notNull(),
    accountRef: text().notNull(),
    providerCustomerId: text().notNull(),
    providerPaymentMethodId: text().notNull(),
    brand: text().notNull(),
    last4: text().notNull(),
    expMonth: smallint().notNull(),
    expYear: smallint().notNull(),
    isDefault: boolean().notNull().default(false),
    addedBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    removedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('commerce_saved_cards_payment_method_key').on(t.studioId, t.provider, t.providerPaymentMethodId),
    uniqueIndex('commerce_saved_cards_one_default_key').on(t.studioId, t.customerId).where(sql`is_default and removed_at is null`),
    index('commerce_saved_cards_customer_idx').on(t.studioId, t.customerId),
  ],
);
