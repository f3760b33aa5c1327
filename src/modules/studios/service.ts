import type { Ctx } from '../../kernel/ctx.ts';
import { newId, type StudioId } from '../../kernel/ids.ts';
import type { Database, Executor, Tx } from '../../platform/db/client.ts';
import { inStudioTx, isUniqueViolation } from '../../platform/db/tx.ts';
import { publish } from '../../platform/events/publish.ts';
import type {
  CreateLocation,
  NewStudio,
  CreateRoom,
  LocationDto,
  PublicStudioDto,
  RoomDto,
  SpotMapInput,
  StudioDto,
  UpdateLocation,
  UpdateRoom,
  UpdateStudio,
} from './contracts.ts';
import { newStudioSchema } from './contracts.ts';
import { checkLogo } from './domain/logo.ts';
import { checkSpotMap, spotCount } from './domain/spot-map.ts';
import { DomainError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { StudiosError } from './errors.ts';
import * as repo from './repo.ts';

export type { NewStudio };

const logoUrl = (s: repo.StudioSummary) =>
  s.logoUpdatedAt ? `/api/public/v1/studios/${s.slug}/logo?v=${s.logoUpdatedAt.getTime()}` : null;

export const toStudioDto = (s: repo.StudioSummary): StudioDto => ({
  id: s.id,
  name: s.name,
  slug: s.slug,
  currency: s.currency,
  timeZone: s.timeZone,
  defaultLocale: s.defaultLocale as 'en' | 'fr',
  brandColor: s.brandColor,
  accentColor: s.accentColor,
  logoUrl: logoUrl(s),
  marketingSuiteEnabled: s.marketingSuiteEnabled,
});

const toLocationDto = (l: repo.LocationRow): LocationDto => ({
  id: l.id,
  name: l.name,
  addressLine1: l.addressLine1,
  addressLine2: l.addressLine2,
  city: l.city,
  postalCode: l.postalCode,
  region: l.region,
  country: l.country,
  timeZone: l.timeZone,
  archived: l.archivedAt !== null,
  roomCount: l.roomCount,
});

const toRoomDto = (r: repo.RoomRow): RoomDto => ({
  id: r.id,
  locationId: r.locationId,
  name: r.name,
  capacity: r.capacity,
  archived: r.archivedAt !== null,
  spotMap: r.spotMap ?? null,
  spotCount: spotCount(r.spotMap ?? null),
});

export function createStudiosService(database: Database) {
  async function getStudioOrThrow(tx: Executor, id: string) {
    const studio = await repo.findStudio(tx, id);
    if (!studio) throw new StudiosError('studio_not_found', 'This studio does not exist.');
    return studio;
  }

  async function getLocationOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const location = await repo.findLocation(tx, ctx, id);
    if (!location) throw new StudiosError('location_not_found', 'This location does not exist.');
    return location;
  }

  async function getRoomOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const room = await repo.findRoom(tx, ctx, id);
    if (!room) throw new StudiosError('room_not_found', 'This room does not exist.');
    return room;
  }

  return {
    /** Creates a tenant. Runs in a system transaction: no studio exists yet to scope it. */
    async createStudio(tx: Tx, input: NewStudio): Promise<StudioDto> {
      const values = parseOrThrow(newStudioSchema, input);
      const id = newId('studio') as StudioId;
      try {
        await repo.insertStudio(tx, { id, ...values });
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
      return toStudioDto(await getStudioOrThrow(tx, id));
    },

    async getStudio(ctx: Ctx, tx?: Tx): Promise<StudioDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => toStudioDto(await getStudioOrThrow(t, ctx.studioId)));
    },

    /** The studio's raw settings for other modules (zone, currency, locale). */
    async getStudioSettings(ctx: Ctx, tx?: Tx) {
      return inStudioTx(database, ctx.studioId, tx, (t) => getStudioOrThrow(t, ctx.studioId));
    },

    async updateStudio(ctx: Ctx, input: UpdateStudio): Promise<StudioDto> {
      // The marketing suite is a subscription decision: the studio's admins make it.
      const role = ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key' ? ctx.actor.role : null;
      if (input.marketingSuiteEnabled !== undefined && role !== 'admin' && ctx.actor.kind !== 'system') {
        throw new StudiosError('admin_only', 'Only an admin can switch the marketing suite on or off.', [{ path: 'marketingSuiteEnabled', message: 'Admins only' }]);
      }
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const before = await getStudioOrThrow(tx, ctx.studioId);
        try {
          await repo.updateStudio(tx, ctx, input);
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken();
          throw err;
        }
        const changed = Object.keys(input).filter((k) => before[k as keyof typeof before] !== input[k as keyof UpdateStudio]);
        if (changed.length > 0) await publish(tx, ctx, { type: 'studio.updated.v1', subjectId: ctx.studioId, payload: { changed } });
        return toStudioDto(await getStudioOrThrow(tx, ctx.studioId));
      });
    },

    async setLogo(ctx: Ctx, contentType: string, bytes: Buffer): Promise<StudioDto> {
      const problem = checkLogo(contentType, bytes);
      if (problem) throw new StudiosError('logo_invalid', problem, [{ path: 'logo', message: problem }]);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await repo.updateStudio(tx, ctx, { logo: bytes, logoContentType: contentType, logoUpdatedAt: ctx.clock.now() });
        await publish(tx, ctx, { type: 'studio.updated.v1', subjectId: ctx.studioId, payload: { changed: ['logo'] } });
        return toStudioDto(await getStudioOrThrow(tx, ctx.studioId));
      });
    },

    async removeLogo(ctx: Ctx): Promise<StudioDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await repo.updateStudio(tx, ctx, { logo: null, logoContentType: null, logoUpdatedAt: null });
        return toStudioDto(await getStudioOrThrow(tx, ctx.studioId));
      });
    },

    /** Public page data, looked up by slug before any studio is in scope. */
    async getPublicStudio(slug: string): Promise<PublicStudioDto & { id: StudioId }> {
      const studio = await repo.findStudioBySlug(database.system, slug);
      if (!studio) throw new StudiosError('studio_not_found', 'No studio has this address.');
      const { name, defaultLocale, brandColor, accentColor, logoUrl: url, timeZone } = toStudioDto(studio);
      return { id: studio.id as StudioId, slug: studio.slug, name, defaultLocale, brandColor, accentColor, logoUrl: url, timeZone };
    },

    async getLogo(slug: string): Promise<{ bytes: Buffer; contentType: string }> {
      const row = await repo.findLogo(database.system, slug);
      if (!row?.logo || !row.contentType) throw new StudiosError('studio_not_found', 'This studio has no logo.');
      return { bytes: row.logo, contentType: row.contentType };
    },

    async listLocations(ctx: Ctx, tx?: Tx): Promise<LocationDto[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => (await repo.listLocations(t, ctx)).map(toLocationDto));
    },

    async getLocation(ctx: Ctx, id: string, tx?: Tx): Promise<LocationDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => toLocationDto(await getLocationOrThrow(t, ctx, id)));
    },

    async createLocation(ctx: Ctx, input: CreateLocation, tx?: Tx): Promise<LocationDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const id = newId('location');
        await repo.insertLocation(t, { ...input, studioId: ctx.studioId, id });
        await publish(t, ctx, { type: 'location.created.v1', subjectId: id, payload: { name: input.name, timeZone: input.timeZone } });
        return toLocationDto(await getLocationOrThrow(t, ctx, id));
      });
    },

    async updateLocation(ctx: Ctx, id: string, input: UpdateLocation): Promise<LocationDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await getLocationOrThrow(tx, ctx, id);
        await repo.updateLocation(tx, ctx, id, input);
        await publish(tx, ctx, { type: 'location.updated.v1', subjectId: id, payload: { changed: Object.keys(input) } });
        return toLocationDto(await getLocationOrThrow(tx, ctx, id));
      });
    },

    /** Archived locations keep their history but take no new rooms or classes. */
    async setLocationArchived(ctx: Ctx, id: string, archived: boolean): Promise<LocationDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const location = await getLocationOrThrow(tx, ctx, id);
        if ((location.archivedAt !== null) !== archived) {
          await repo.updateLocation(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null });
          await publish(tx, ctx, { type: archived ? 'location.archived.v1' : 'location.unarchived.v1', subjectId: id, payload: {} });
        }
        return toLocationDto(await getLocationOrThrow(tx, ctx, id));
      });
    },

    async listRooms(ctx: Ctx, locationId: string): Promise<RoomDto[]> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await getLocationOrThrow(tx, ctx, locationId);
        return (await repo.listRooms(tx, ctx, locationId)).map(toRoomDto);
      });
    },

    async createRoom(ctx: Ctx, locationId: string, input: CreateRoom, tx?: Tx): Promise<RoomDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const location = await getLocationOrThrow(t, ctx, locationId);
        if (location.archivedAt) throw new StudiosError('location_archived', 'This location is archived: unarchive it to add rooms.');
        const id = newId('room');
        await repo.insertRoom(t, { studioId: ctx.studioId, id, locationId, ...input });
        await publish(t, ctx, { type: 'room.created.v1', subjectId: id, payload: { locationId, ...input } });
        return toRoomDto(await getRoomOrThrow(t, ctx, id));
      });
    },

    async updateRoom(ctx: Ctx, id: string, input: UpdateRoom): Promise<RoomDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await getRoomOrThrow(tx, ctx, id);
        await repo.updateRoom(tx, ctx, id, input);
        await publish(tx, ctx, { type: 'room.updated.v1', subjectId: id, payload: { changed: Object.keys(input) } });
        return toRoomDto(await getRoomOrThrow(tx, ctx, id));
      });
    },

    /** Replaces the room's floor plan after checking it (grid, places, labels: domain/spot-map.ts). */
    async setSpotMap(ctx: Ctx, id: string, input: SpotMapInput): Promise<RoomDto> {
      const checked = checkSpotMap(input);
      if (!checked.ok) {
        throw new DomainError('invalid', 'validation_failed', checked.errors.map((e) => `${e.path}: ${e.message}`).join('; '), checked.errors);
      }
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await getRoomOrThrow(tx, ctx, id);
        await repo.updateRoom(tx, ctx, id, { spotMap: checked.map });
        await publish(tx, ctx, { type: 'room.updated.v1', subjectId: id, payload: { changed: ['spotMap'] } });
        return toRoomDto(await getRoomOrThrow(tx, ctx, id));
      });
    },

    /** Removes the floor plan: classes in the room can no longer offer spot selection from it. */
    async removeSpotMap(ctx: Ctx, id: string): Promise<RoomDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const room = await getRoomOrThrow(tx, ctx, id);
        if (room.spotMap) {
          await repo.updateRoom(tx, ctx, id, { spotMap: null });
          await publish(tx, ctx, { type: 'room.updated.v1', subjectId: id, payload: { changed: ['spotMap'] } });
        }
        return toRoomDto(await getRoomOrThrow(tx, ctx, id));
      });
    },

    async setRoomArchived(ctx: Ctx, id: string, archived: boolean): Promise<RoomDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const room = await getRoomOrThrow(tx, ctx, id);
        if ((room.archivedAt !== null) !== archived) {
          await repo.updateRoom(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null });
        }
        return toRoomDto(await getRoomOrThrow(tx, ctx, id));
      });
    },
  };
}

export type StudiosService = ReturnType<typeof createStudiosService>;

const slugTaken = () =>
  new StudiosError('slug_taken', 'Another studio already uses this address.', [
    { path: 'slug', message: 'Another studio already uses this address.' },
  ]);
