import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';

/**
 * A module that keeps rows about customers (waivers, bookings, payments…) registers one of
 * these with the customers service at start-up (`customers.registerDataOwner`). Merging,
 * deleting and the privacy export then cover that module's rows in the same transaction,
 * without the customers module reading tables it does not own. This is how a lower module
 * calls into a higher one synchronously: through an interface the higher one implements
 * (docs/adr/0004-customer-data-owners.md).
 */
export interface CustomerDataOwner {
  /** The owning module (`waivers`); the key of its section in previews and exports. */
  readonly name: string;
  /** How many rows of each kind it holds about the customer: `{ signatures: 2 }` (merge preview). */
  count(tx: Tx, ctx: Ctx, customerId: string): Promise<Record<string, number>>;
  /** Re-points every row of `fromId` to `intoId` (merge); nothing is lost or duplicated. */
  move(tx: Tx, ctx: Ctx, fromId: string, intoId: string): Promise<void>;
  /** True when it holds history that must outlive the profile (money, attendance, signatures). */
  hasHistory(tx: Tx, ctx: Ctx, customerId: string): Promise<boolean>;
  /** Removes what it holds that has no history value, when the customer is deleted. */
  erase(tx: Tx, ctx: Ctx, customerId: string): Promise<void>;
  /** Everything it holds about the customer, as plain JSON (privacy export). */
  exportFor(tx: Tx, ctx: Ctx, customerId: string): Promise<unknown>;
}

/** The registered owners, in registration order. */
export function createDataOwnerRegistry() {
  const owners: CustomerDataOwner[] = [];
  return {
    register(owner: CustomerDataOwner): void {
      if (owners.some((o) => o.name === owner.name)) throw new Error(`customer data owner "${owner.name}" is already registered`);
      owners.push(owner);
    },
    list(): readonly CustomerDataOwner[] {
      return owners;
    },
  };
}

export type DataOwnerRegistry = ReturnType<typeof createDataOwnerRegistry>;
