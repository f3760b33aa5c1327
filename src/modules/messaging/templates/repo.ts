import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { Block } from '../blocks.ts';
import { messagingTemplateChannels as channels } from '../schema.ts';
import { messagingTemplateOverrides as overrides } from './schema.ts';

export type OverrideRow = typeof overrides.$inferSelect;

const one = (ctx: Ctx, key: string, locale: string) =>
  and(eq(overrides.studioId, ctx.studioId), eq(overrides.templateKey, key), eq(overrides.locale, locale));

/** Which (template, locale) pairs the studio customised. */
export async function listCustomised(tx: Tx, ctx: Ctx): Promise<{ templateKey: string; locale: string }[]> {
  return tx.select({ templateKey: overrides.templateKey, locale: overrides.locale }).from(overrides).where(eq(overrides.studioId, ctx.studioId));
}

export async function findOverride(tx: Tx, ctx: Ctx, key: string, locale: string): Promise<OverrideRow | undefined> {
  const [row] = await tx.select().from(overrides).where(one(ctx, key, locale));
  return row;
}

export async function upsertOverride(
  tx: Tx,
  ctx: Ctx,
  values: { templateKey: string; locale: string; subject: string; blocks: Block[]; bodyText: string; smsText: string | null; updatedBy: string | null; now: Date },
): Promise<OverrideRow> {
  const set = { subject: values.subject, blocks: values.blocks, bodyText: values.bodyText, smsText: values.smsText, updatedBy: values.updatedBy, updatedAt: values.now };
  const [row] = await tx
    .insert(overrides)
    .values({ studioId: ctx.studioId, templateKey: values.templateKey, locale: values.locale, ...set, createdAt: values.now })
    .onConflictDoUpdate({ target: [overrides.studioId, overrides.templateKey, overrides.locale], set })
    .returning();
  return row!;
}

export async function deleteOverride(tx: Tx, ctx: Ctx, key: string, locale: string): Promise<void> {
  await tx.delete(overrides).where(one(ctx, key, locale));
}

export type ChannelsRow = typeof channels.$inferSelect;

/** The studio's channel choices, one row per template it changed. */
export async function listChannels(tx: Tx, ctx: Ctx): Promise<ChannelsRow[]> {
  return tx.select().from(channels).where(eq(channels.studioId, ctx.studioId));
}

export async function findChannels(tx: Tx, ctx: Ctx, key: string): Promise<ChannelsRow | undefined> {
  const [row] = await tx.select().from(channels).where(and(eq(channels.studioId, ctx.studioId), eq(channels.templateKey, key)));
  return row;
}

export async function upsertChannels(
  tx: Tx,
  ctx: Ctx,
  values: { templateKey: string; email: boolean; sms: boolean; inApp: boolean; updatedBy: string | null; now: Date },
): Promise<ChannelsRow> {
  const set = { email: values.email, sms: values.sms, inApp: values.inApp, updatedBy: values.updatedBy, updatedAt: values.now };
  const [row] = await tx
    .insert(channels)
    .values({ studioId: ctx.studioId, templateKey: values.templateKey, ...set })
    .onConflictDoUpdate({ target: [channels.studioId, channels.templateKey], set })
    .returning();
  return row!;
}
