import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { commerceCardSetups, commerceProviderCustomers, commerceSavedCards } from './schema.ts';

export type ProviderCustomerRow = typeof commerceProviderCustomers.$inferSelect;
export type CardSetupRow = typeof commerceCardSetups.$inferSelect;
export type SavedCardRow = typeof commerceSavedCards.$inferSelect;

/** Which provider account a row belongs to. */
export interface Account {
  provider: string;
  accountRef: string;
}

export async function findProviderCustomer(tx: Tx, ctx: Ctx, customerId: string, account: Account): Promise<ProviderCustomerRow | undefined> {
  const [row] = await tx
    .select()
    .from(commerceProviderCustomers)
    .where(
      and(
        eq(commerceProviderCustomers.studioId, ctx.studioId),
        eq(commerceProviderCustomers.customerId, customerId),
        eq(commerceProviderCustomers.provider, account.provider),
        eq(commerceProviderCustomers.accountRef, account.accountRef),
      ),
    );
  return row;
}

/** Keeps the first record when two requests made one at the same time (the provider key made them the same). */
export async function insertProviderCustomer(tx: Tx, ctx: Ctx, row: { customerId: string; providerCustomerId: string } & Account): Promise<void> {
  await tx
    .insert(commerceProviderCustomers)
    .values({ studioId: ctx.studioId, ...row })
    .onConflictDoNothing();
}

export async function insertSetup(
  tx: Tx,
  ctx: Ctx,
  row: { id: string; customerId: string; providerCustomerId: string; startedBy: string | null } & Account,
): Promise<void> {
  await tx.insert(commerceCardSetups).values({ studioId: ctx.studioId, ...row });
}

export async function findSetup(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<CardSetupRow | undefined> {
  const query = tx
    .select()
    .from(commerceCardSetups)
    .where(and(eq(commerceCardSetups.studioId, ctx.studioId), eq(commerceCardSetups.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function markSetupCompleted(tx: Tx, ctx: Ctx, id: string, savedCardId: string, at: Date): Promise<void> {
  await tx
    .update(commerceCardSetups)
    .set({ completedAt: at, savedCardId })
    .where(and(eq(commerceCardSetups.studioId, ctx.studioId), eq(commerceCardSetups.id, id)));
}

const liveCardsOf = (ctx: Ctx, customerId: string, account: Account) =>
  and(
    eq(commerceSavedCards.studioId, ctx.studioId),
    eq(commerceSavedCards.customerId, customerId),
    eq(commerceSavedCards.provider, account.provider),
    eq(commerceSavedCards.accountRef, account.accountRef),
    isNull(commerceSavedCards.removedAt),
  );

/** The customer's live cards at this account: the default first, then the newest. */
export async function listLiveCards(tx: Tx, ctx: Ctx, customerId: string, account: Account): Promise<SavedCardRow[]> {
  return tx
    .select()
    .from(commerceSavedCards)
    .where(liveCardsOf(ctx, customerId, account))
    .orderBy(desc(commerceSavedCards.isDefault), desc(commerceSavedCards.createdAt), desc(commerceSavedCards.id));
}

export async function findCard(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<SavedCardRow | undefined> {
  const query = tx
    .select()
    .from(commerceSavedCards)
    .where(and(eq(commerceSavedCards.studioId, ctx.studioId), eq(commerceSavedCards.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findCardByPaymentMethod(tx: Tx, ctx: Ctx, provider: string, providerPaymentMethodId: string): Promise<SavedCardRow | undefined> {
  const [row] = await tx
    .select()
    .from(commerceSavedCards)
    .where(
      and(
        eq(commerceSavedCards.studioId, ctx.studioId),
        eq(commerceSavedCards.provider, provider),
        eq(commerceSavedCards.providerPaymentMethodId, providerPaymentMethodId),
      ),
    );
  return row;
}

export async function insertCard(tx: Tx, ctx: Ctx, row: Omit<typeof commerceSavedCards.$inferInsert, 'studioId'>): Promise<void> {
  await tx.insert(commerceSavedCards).values({ ...row, studioId: ctx.studioId });
}

/** Clears the customer's default (before another card takes it: the partial unique index allows one). */
export async function clearDefault(tx: Tx, ctx: Ctx, customerId: string, at: Date): Promise<void> {
  await tx
    .update(commerceSavedCards)
    .set({ isDefault: false, updatedAt: at })
    .where(and(eq(commerceSavedCards.studioId, ctx.studioId), eq(commerceSavedCards.customerId, customerId), eq(commerceSavedCards.isDefault, true)));
}

export async function setDefault(tx: Tx, ctx: Ctx, id: string, at: Date): Promise<void> {
  await tx
    .update(commerceSavedCards)
    .set({ isDefault: true, updatedAt: at })
    .where(and(eq(commerceSavedCards.studioId, ctx.studioId), eq(commerceSavedCards.id, id)));
}

export async function markRemoved(tx: Tx, ctx: Ctx, id: string, at: Date): Promise<void> {
  await tx
    .update(commerceSavedCards)
    .set({ removedAt: at, isDefault: false, updatedAt: at })
    .where(and(eq(commerceSavedCards.studioId, ctx.studioId), eq(commerceSavedCards.id, id), isNull(commerceSavedCards.removedAt)));
}

/** The newest other live card of the customer, to become the default when the default goes. */
export async function newestOtherLiveCard(tx: Tx, ctx: Ctx, customerId: string, account: Account, exceptId: string): Promise<SavedCardRow | undefined> {
  const [row] = await tx
    .select()
    .from(commerceSavedCards)
    .where(and(liveCardsOf(ctx, customerId, account), ne(commerceSavedCards.id, exceptId)))
    .orderBy(desc(commerceSavedCards.createdAt), desc(commerceSavedCards.id))
    .limit(1);
  return row;
}

/** The customer's one live default card, whatever the account. */
export async function findLiveDefault(tx: Tx, ctx: Ctx, customerId: string): Promise<SavedCardRow | undefined> {
  const [row] = await tx
    .select()
    .from(commerceSavedCards)
    .where(
      and(
        eq(commerceSavedCards.studioId, ctx.studioId),
        eq(commerceSavedCards.customerId, customerId),
        eq(commerceSavedCards.isDefault, true),
        isNull(commerceSavedCards.removedAt),
      ),
    );
  return row;
}
