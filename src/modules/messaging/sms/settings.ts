import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import { localDateOf, parseLocalDate, startOfLocalDay } from '../../../kernel/time.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { outboundMessages } from '../../../platform/email/schema.ts';
import { studios } from '../../studios/schema.ts';
import { messagingSettings } from '../schema.ts';

export type SettingsRow = typeof messagingSettings.$inferSelect;

/** The studio's messaging settings, made with the defaults on first read. */
export async function readSettings(tx: Tx, ctx: Ctx): Promise<SettingsRow> {
  const [row] = await tx.select().from(messagingSettings).where(eq(messagingSettings.studioId, ctx.studioId));
  if (row) return row;
  await tx.insert(messagingSettings).values({ studioId: ctx.studioId, updatedAt: ctx.clock.now() }).onConflictDoNothing();
  const [made] = await tx.select().from(messagingSettings).where(eq(messagingSettings.studioId, ctx.studioId));
  return made!;
}

/**
 * The settings row, locked (FOR UPDATE) until the caller's transaction ends: made first when
 * missing, so there is always a row to lock.
 */
export async function lockSettings(tx: Tx, ctx: Ctx): Promise<SettingsRow> {
  await tx.insert(messagingSettings).values({ studioId: ctx.studioId, updatedAt: ctx.clock.now() }).onConflictDoNothing();
  const [row] = await tx.select().from(messagingSettings).where(eq(messagingSettings.studioId, ctx.studioId)).for('update');
  return row!;
}

export async function updateSettings(
  tx: Tx,
  ctx: Ctx,
  set: Partial<Pick<SettingsRow, 'smsTier' | 'forwardingPhone' | 'smsExhaustedNoticeMonth' | 'classReminderHours'>>,
): Promise<SettingsRow> {
  const [row] = await tx
    .update(messagingSettings)
    .set({ ...set, updatedAt: ctx.clock.now() })
    .where(eq(messagingSettings.studioId, ctx.studioId))
    .returning();
  return row!;
}

/** What the SMS code needs to know about the studio (studios' table: a documented read). */
export async function studioFacts(tx: Tx, ctx: Ctx): Promise<{ name: string; slug: string; timeZone: string; defaultLocale: 'en' | 'fr' }> {
  const [row] = await tx
    .select({ name: studios.name, slug: studios.slug, timeZone: studios.timeZone, defaultLocale: studios.defaultLocale })
    .from(studios)
    .where(eq(studios.id, ctx.studioId));
  if (!row) throw new Error(`studio ${ctx.studioId} not found`);
  return { ...row, defaultLocale: row.defaultLocale === 'fr' ? 'fr' : 'en' };
}

export interface SmsMonth {
  /** `YYYY-MM` in the studio's zone. */
  month: string;
  start: Date;
  /** The first instant of the next month (exclusive). */
  end: Date;
}

/** The calendar month holding `now` in `timeZone`, as instants. */
export function smsMonthOf(now: Date, timeZone: string): SmsMonth {
  const month = localDateOf(now, timeZone).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    month,
    start: startOfLocalDay(parseLocalDate(`${month}-01`), timeZone),
    end: startOfLocalDay(parseLocalDate(`${next}-01`), timeZone),
  };
}

/**
 * SMS that count against the tier: recorded this month and not dropped before reaching a phone
 * (`suppressed` by an unsubscribe, or `failed` — Twilio does not bill a message it refused).
 */
const counted = (ctx: Ctx, period: SmsMonth) =>
  and(
    eq(outboundMessages.studioId, ctx.studioId),
    eq(outboundMessages.channel, 'sms'),
    gte(outboundMessages.createdAt, period.start),
    lt(outboundMessages.createdAt, period.end),
    inArray(outboundMessages.status, ['queued', 'sent']),
  );

/** Segments and SMS counted this month. */
export async function monthTotals(tx: Tx, ctx: Ctx, period: SmsMonth): Promise<{ segments: number; messages: number }> {
  const [row] = await tx
    .select({ segments: sql<number>`coalesce(sum(${outboundMessages.segments}), 0)::int`, messages: sql<number>`count(*)::int` })
    .from(outboundMessages)
    .where(counted(ctx, period));
  return { segments: Number(row?.segments ?? 0), messages: Number(row?.messages ?? 0) };
}

/** Segments and SMS per day of the month (days in the studio's zone; days without SMS left out). */
export async function monthByDay(tx: Tx, ctx: Ctx, period: SmsMonth, timeZone: string): Promise<{ date: string; segments: number; messages: number }[]> {
  const rows = await tx
    .select({
      date: sql<string>`to_char(${outboundMessages.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      segments: sql<number>`coalesce(sum(${outboundMessages.segments}), 0)::int`,
      messages: sql<number>`count(*)::int`,
    })
    .from(outboundMessages)
    .where(counted(ctx, period))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ date: r.date, segments: Number(r.segments), messages: Number(r.messages) }));
}
