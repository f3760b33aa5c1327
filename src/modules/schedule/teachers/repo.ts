import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { users } from '../../identity/schema.ts';
import { teachers } from '../schema.ts';

/**
 * A staff member as a teacher: the name and role are identity's (read here, never written),
 * the bio and photo are this module's row, which exists once either was set.
 */
export interface TeacherRow {
  userId: string;
  firstName: string;
  lastName: string;
  role: string;
  status: string;
  bio: string;
  photoFileKey: string | null;
  photoContentType: string | null;
  photoUpdatedAt: Date | null;
}

const columns = {
  userId: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  role: sql<string>`coalesce(${users.role}, '')`,
  status: users.status,
  bio: sql<string>`coalesce(${teachers.bio}, '')`,
  photoFileKey: teachers.photoFileKey,
  photoContentType: teachers.photoContentType,
  photoUpdatedAt: teachers.photoUpdatedAt,
};

function staffWithProfiles(tx: Tx, ctx: Ctx) {
  return tx
    .select(columns)
    .from(users)
    .leftJoin(teachers, and(eq(teachers.studioId, users.studioId), eq(teachers.userId, users.id)))
    .where(and(eq(users.studioId, ctx.studioId), eq(users.kind, 'staff')))
    .$dynamic();
}

export async function listTeachers(tx: Tx, ctx: Ctx): Promise<TeacherRow[]> {
  return staffWithProfiles(tx, ctx).orderBy(asc(sql`lower(${users.firstName})`), asc(sql`lower(${users.lastName})`), asc(users.id));
}

export async function findTeacher(tx: Tx, ctx: Ctx, userId: string): Promise<TeacherRow | undefined> {
  const [row] = await staffWithProfiles(tx, ctx).where(and(eq(users.studioId, ctx.studioId), eq(users.kind, 'staff'), eq(users.id, userId)));
  return row;
}

export async function findTeachers(tx: Tx, ctx: Ctx, userIds: readonly string[]): Promise<TeacherRow[]> {
  if (userIds.length === 0) return [];
  return staffWithProfiles(tx, ctx).where(and(eq(users.studioId, ctx.studioId), eq(users.kind, 'staff'), inArray(users.id, [...userIds])));
}

/** Creates the profile row on first change; later changes update it. */
export async function upsertTeacher(tx: Tx, ctx: Ctx, userId: string, patch: Partial<Omit<typeof teachers.$inferInsert, 'studioId' | 'userId'>>) {
  const now = ctx.clock.now();
  await tx
    .insert(teachers)
    .values({ studioId: ctx.studioId, userId, ...patch, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [teachers.studioId, teachers.userId], set: { ...patch, updatedAt: now } });
}
