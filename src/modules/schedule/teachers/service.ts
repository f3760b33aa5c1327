import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { actorCan } from '../../identity/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { updateTeacherSchema, type TeacherDto } from '../contracts.ts';
import { ScheduleError } from '../errors.ts';
import { scheduleEvent } from '../events.ts';
import { checkImage, type ServedImage } from '../domain/image.ts';
import * as repo from './repo.ts';

export interface TeachersDeps {
  database: Database;
  storage: Storage;
  studios: StudiosService;
  clock: Clock;
}

/** What a public class page shows of its teacher. */
export interface TeacherProfile {
  firstName: string;
  lastName: string;
  bio: string;
  /** The public address of the photo (cacheable: it changes with each upload), or null. */
  photoUrl: string | null;
}

/** Where a teacher's photo lives: one object per staff member, replaced by each upload. */
export const photoKey = (studioId: string, userId: string) => `studios/${studioId}/teachers/${userId}/photo`;

export const publicPhotoUrl = (studioSlug: string, userId: string, photoUpdatedAt: Date | null) =>
  photoUpdatedAt ? `/api/public/v1/studios/${studioSlug}/teachers/${userId}/photo?v=${photoUpdatedAt.getTime()}` : null;

const toTeacherDto = (t: repo.TeacherRow): TeacherDto => ({
  userId: t.userId,
  firstName: t.firstName,
  lastName: t.lastName,
  role: t.role,
  active: t.status !== 'deactivated',
  bio: t.bio,
  photoUrl: t.photoUpdatedAt ? `/api/v1/teachers/${t.userId}/photo?v=${t.photoUpdatedAt.getTime()}` : null,
});

const teacherNotFound = () => new ScheduleError('teacher_not_found', 'No staff member of this studio has this id.');
const noPhoto = () => new ScheduleError('teacher_not_found', 'This teacher has no photo.');

export function createTeachersService({ database, storage, studios, clock }: TeachersDeps) {
  async function teacherOrThrow(tx: Tx, ctx: Ctx, userId: string) {
    const teacher = await repo.findTeacher(tx, ctx, userId);
    if (!teacher) throw teacherNotFound();
    return teacher;
  }

  /**
   * Admins and operators edit every profile; any staff member edits their own. Checked after the
   * profile is found: the staff list is no secret to staff, so a 404 first reveals nothing.
   */
  function assertMayEdit(ctx: Ctx, userId: string) {
    const self = ctx.actor.kind === 'staff' && ctx.actor.userId === userId;
    if (!self && !actorCan(ctx.actor, 'schedule:write')) {
      throw new DomainError('forbidden', 'forbidden', 'Only admins, operators and the teacher themself can change this profile.');
    }
  }

  async function readPhoto(teacher: repo.TeacherRow): Promise<ServedImage> {
    if (!teacher.photoFileKey || !teacher.photoContentType) throw noPhoto();
    const stored = await storage.get(teacher.photoFileKey);
    if (!stored) throw noPhoto();
    return { body: stored.body, contentType: teacher.photoContentType };
  }

  return {
    /** Every staff member (all staff can teach), with their bio and photo; deactivated ones marked inactive. */
    async listTeachers(ctx: Ctx): Promise<TeacherDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => (await repo.listTeachers(tx, ctx)).map(toTeacherDto));
    },

    async getTeacher(ctx: Ctx, userId: string): Promise<TeacherDto> {
      return withStudio(database, ctx.studioId, async (tx) => toTeacherDto(await teacherOrThrow(tx, ctx, userId)));
    },

    /** Sets the public bio. */
    async updateTeacher(ctx: Ctx, userId: string, input: { bio: string }): Promise<TeacherDto> {
      const { bio } = parseOrThrow(updateTeacherSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await teacherOrThrow(tx, ctx, userId);
        assertMayEdit(ctx, userId);
        if (before.bio !== bio) {
          await repo.upsertTeacher(tx, ctx, userId, { bio });
          await publish(tx, ctx, scheduleEvent('teacher.profile_updated.v1', userId, { userId, changed: ['bio'] }));
        }
        return toTeacherDto(await teacherOrThrow(tx, ctx, userId));
      });
    },

    /** Stores the photo (PNG, JPEG or WebP up to 2 MB, checked by its bytes); bytes first, then the row. */
    async setPhoto(ctx: Ctx, userId: string, contentType: string, bytes: Buffer): Promise<TeacherDto> {
      await withStudio(database, ctx.studioId, (tx) => teacherOrThrow(tx, ctx, userId));
      assertMayEdit(ctx, userId);
      const problem = checkImage(contentType, bytes);
      if (problem) throw new ScheduleError('invalid_image', problem, [{ path: 'photo', message: problem }]);
      const key = photoKey(ctx.studioId, userId);
      await storage.put(key, bytes, contentType);
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.upsertTeacher(tx, ctx, userId, { photoFileKey: key, photoContentType: contentType, photoUpdatedAt: ctx.clock.now() });
        await publish(tx, ctx, scheduleEvent('teacher.profile_updated.v1', userId, { userId, changed: ['photo'] }));
        return toTeacherDto(await teacherOrThrow(tx, ctx, userId));
      });
    },

    /** Removes the photo; the file goes once the change has committed. */
    async removePhoto(ctx: Ctx, userId: string): Promise<TeacherDto> {
      const { dto, key } = await withStudio(database, ctx.studioId, async (tx) => {
        const teacher = await teacherOrThrow(tx, ctx, userId);
        assertMayEdit(ctx, userId);
        if (teacher.photoFileKey) {
          await repo.upsertTeacher(tx, ctx, userId, { photoFileKey: null, photoContentType: null, photoUpdatedAt: null });
          await publish(tx, ctx, scheduleEvent('teacher.profile_updated.v1', userId, { userId, changed: ['photo'] }));
        }
        return { dto: toTeacherDto(await teacherOrThrow(tx, ctx, userId)), key: teacher.photoFileKey };
      });
      if (key) await storage.delete(key);
      return dto;
    },

    async getPhoto(ctx: Ctx, userId: string): Promise<ServedImage> {
      return readPhoto(await withStudio(database, ctx.studioId, (tx) => teacherOrThrow(tx, ctx, userId)));
    },

    /** The photo for public class pages; a deactivated staff member's photo is no longer public. */
    async getPublicPhoto(slug: string, userId: string): Promise<ServedImage> {
      const studio = await studios.getPublicStudio(slug);
      const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'anonymous' }, clock, requestId: 'public-photo' };
      const teacher = await withStudio(database, ctx.studioId, (tx) => teacherOrThrow(tx, ctx, userId));
      if (teacher.status === 'deactivated') throw noPhoto();
      return readPhoto(teacher);
    },

    /**
     * Public profiles of these staff members, for class pages: name, bio and the public photo
     * address. Ids that are not staff of the studio are left out of the map. Runs in the
     * caller's transaction.
     */
    async teacherProfiles(tx: Tx, ctx: Ctx, userIds: readonly string[]): Promise<Map<string, TeacherProfile>> {
      const rows = await repo.findTeachers(tx, ctx, [...new Set(userIds)]);
      if (rows.length === 0) return new Map();
      const { slug } = await studios.getStudioSettings(ctx, tx);
      return new Map(
        rows.map((t) => [
          t.userId,
          {
            firstName: t.firstName,
            lastName: t.lastName,
            bio: t.bio,
            photoUrl: t.status === 'deactivated' ? null : publicPhotoUrl(slug, t.userId, t.photoUpdatedAt),
          },
        ]),
      );
    },
  };
}

export type TeachersService = ReturnType<typeof createTeachersService>;

