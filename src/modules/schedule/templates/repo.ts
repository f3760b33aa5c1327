import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Executor, Tx } from '../../../platform/db/client.ts';
import { templates } from '../schema.ts';

export type TemplateRow = typeof templates.$inferSelect & { activeSeriesCount: number };

/**
 * Series of the template that still have a scheduled class ahead of `now`: one count per
 * template, answered from the occurrences' (studio_id, series_id, starts_at) index.
 */
const activeSeriesCount = (now: Date) => sql<number>`(
  select count(distinct o.series_id)::int from schedule_occurrences o
  where o.studio_id = schedule_templates.studio_id and o.template_id = schedule_templates.id
    and o.status = 'scheduled' and o.starts_at > ${now.toISOString()}::timestamptz
)`;

export async function listTemplates(tx: Tx, ctx: Ctx, archived: boolean): Promise<TemplateRow[]> {
  return tx
    .select({ ...templateColumns(), activeSeriesCount: activeSeriesCount(ctx.clock.now()) })
    .from(templates)
    .where(and(eq(templates.studioId, ctx.studioId), archived ? isNotNull(templates.archivedAt) : isNull(templates.archivedAt)))
    .orderBy(asc(sql`lower(${templates.name})`), asc(templates.id));
}

export async function findTemplate(tx: Executor, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<TemplateRow | undefined> {
  const query = tx
    .select({ ...templateColumns(), activeSeriesCount: activeSeriesCount(ctx.clock.now()) })
    .from(templates)
    .where(and(eq(templates.studioId, ctx.studioId), eq(templates.id, id)));
  const [row] = options.lock ? await query.for('update', { of: templates }) : await query;
  return row;
}

export async function insertTemplate(tx: Tx, row: typeof templates.$inferInsert) {
  await tx.insert(templates).values(row);
}

export async function updateTemplate(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof templates.$inferInsert>) {
  await tx
    .update(templates)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(templates.studioId, ctx.studioId), eq(templates.id, id)));
}

function templateColumns() {
  const { studioId, id, name, description, welcomeMessage, category, defaultDurationMin, defaultCapacity, priceMinor, color } = templates;
  const { bannerFileKey, bannerContentType, bannerUpdatedAt, archivedAt, createdAt, updatedAt } = templates;
  return {
    studioId, id, name, description, welcomeMessage, category, defaultDurationMin, defaultCapacity, priceMinor, color,
    bannerFileKey, bannerContentType, bannerUpdatedAt, archivedAt, createdAt, updatedAt,
  };
}
