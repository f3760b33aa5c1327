import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { columnsOf, rowOf } from '../../platform/db/statements.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { locations, rooms, studios } from './schema.ts';

export type StudioRow = typeof studios.$inferSelect;
export type LocationRow = typeof locations.$inferSelect & { roomCount: number };
export type RoomRow = typeof rooms.$inferSelect;

export type StudioSummary = Omit<StudioRow, 'logo'>;

export async function findStudio(tx: Executor, id: string): Promise<StudioSummary | undefined> {
  // A statement template, not the builder: most requests read their studio (platform/db/statements.ts).
  const [row] = rowsOf<Record<string, unknown>>(await tx.execute(sql`select ${columnsOf(studios, { omit: ['logo'] })} from ${studios} where id = ${id}`));
  return row ? (rowOf(studios, row) as StudioSummary) : undefined;
}

export async function findStudioBySlug(tx: Executor, slug: string): Promise<StudioSummary | undefined> {
  const [row] = rowsOf<Record<string, unknown>>(await tx.execute(sql`select ${columnsOf(studios, { omit: ['logo'] })} from ${studios} where slug = ${slug}`));
  return row ? (rowOf(studios, row) as StudioSummary) : undefined;
}

export async function findLogo(tx: Executor, slug: string) {
  const [row] = await tx
    .select({ logo: studios.logo, contentType: studios.logoContentType, updatedAt: studios.logoUpdatedAt })
    .from(studios)
    .where(eq(studios.slug, slug));
  return row;
}

export async function insertStudio(tx: Executor, row: typeof studios.$inferInsert) {
  await tx.insert(studios).values(row);
}

export async function updateStudio(tx: Tx, ctx: Ctx, patch: Partial<typeof studios.$inferInsert>) {
  await tx
    .update(studios)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(eq(studios.id, ctx.studioId));
}

const roomCount = sql<number>`(select count(*)::int from studio_rooms r where r.studio_id = studio_locations.studio_id and r.location_id = studio_locations.id and r.archived_at is null)`;

export async function listLocations(tx: Tx, ctx: Ctx): Promise<LocationRow[]> {
  return tx
    .select({ ...locationColumns(), roomCount })
    .from(locations)
    .where(eq(locations.studioId, ctx.studioId))
    .orderBy(asc(locations.name), asc(locations.id));
}

export async function findLocation(tx: Tx, ctx: Ctx, id: string): Promise<LocationRow | undefined> {
  const [row] = await tx
    .select({ ...locationColumns(), roomCount })
    .from(locations)
    .where(and(eq(locations.studioId, ctx.studioId), eq(locations.id, id)));
  return row;
}

function locationColumns() {
  const { studioId, id, name, addressLine1, addressLine2, city, postalCode, region, country, timeZone, archivedAt, createdAt, updatedAt } =
    locations;
  return { studioId, id, name, addressLine1, addressLine2, city, postalCode, region, country, timeZone, archivedAt, createdAt, updatedAt };
}

export async function insertLocation(tx: Tx, row: typeof locations.$inferInsert) {
  await tx.insert(locations).values(row);
}

export async function updateLocation(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof locations.$inferInsert>) {
  await tx
    .update(locations)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(locations.studioId, ctx.studioId), eq(locations.id, id)));
}

export async function countLocations(tx: Tx, ctx: Ctx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(locations).where(eq(locations.studioId, ctx.studioId));
  return Number(row?.n ?? 0);
}

export async function listRooms(tx: Tx, ctx: Ctx, locationId: string): Promise<RoomRow[]> {
  return tx
    .select()
    .from(rooms)
    .where(and(eq(rooms.studioId, ctx.studioId), eq(rooms.locationId, locationId)))
    .orderBy(asc(rooms.name), asc(rooms.id));
}

export async function findRoom(tx: Tx, ctx: Ctx, id: string): Promise<RoomRow | undefined> {
  const [row] = await tx.select().from(rooms).where(and(eq(rooms.studioId, ctx.studioId), eq(rooms.id, id)));
  return row;
}

export async function insertRoom(tx: Tx, row: typeof rooms.$inferInsert) {
  await tx.insert(rooms).values(row);
}

export async function updateRoom(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof rooms.$inferInsert>) {
  await tx
    .update(rooms)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(rooms.studioId, ctx.studioId), eq(rooms.id, id)));
}
