import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { addDays, localDateOf, type LocalDate } from '../../../kernel/time.ts';
import type { Database } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { occurrenceNotFound, seriesNotFound } from '../errors.ts';
import { publicBannerUrl, type TeachersService } from '../index.ts';
import {
  publicScheduleQuerySchema,
  type EmbedSnippetsDto,
  type NamedDto,
  type PublicClassDetailDto,
  type PublicClassDto,
  type PublicScheduleDto,
  type PublicScheduleQuery,
  type PublicSeriesDto,
} from './contracts.ts';
import { bookabilityOf } from './domain/bookability.ts';
import * as repo from './repo.ts';

export interface PublicScheduleDeps {
  database: Database;
  studios: StudiosService;
  /** Teachers' public profiles (bio, photo) for class pages. */
  teachers: TeachersService;
  clock: Clock;
  /** The address customers reach Enso at (`PUBLIC_URL`), for the embed snippets. */
  publicUrl: string;
}

const dayMs = 24 * 60 * 60 * 1000;
/** A private series' page lists at most this many classes ahead. */
const seriesClassLimit = 100;

const personName = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ');

/** A private class's key, compared in constant time (the share token is the only credential). */
function keyMatches(key: string | undefined, shareToken: string): boolean {
  if (key === undefined) return false;
  const a = Buffer.from(key);
  const b = Buffer.from(shareToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who may see a series publicly: anyone when public, link holders when private, nobody when hidden. */
const isVisible = (s: { visibility: string; shareToken: string }, key: string | undefined) =>
  s.visibility === 'public' || (s.visibility === 'link' && keyMatches(key, s.shareToken));

const bookabilityOfRow = (r: repo.PublicClassRow, now: Date) =>
  bookabilityOf(
    { startsAt: r.startsAt, status: r.status as 'scheduled' | 'cancelled', capacity: r.capacity, bookedCount: r.bookedCount, timeZone: r.timeZone },
    { salesCutoffMin: r.salesCutoffMin, bookingWindowDays: r.bookingWindowDays },
    now,
  );

function toPublicClass(r: repo.PublicClassRow, currency: string, now: Date): PublicClassDto {
  const b = bookabilityOfRow(r, now);
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    color: r.color,
    kind: r.kind as PublicClassDto['kind'],
    seriesId: r.seriesId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    localDate: r.localDate,
    startTime: r.startTime,
    endTime: r.endTime,
    timeZone: r.timeZone,
    teacher: r.teacherId ? { id: r.teacherId, name: personName(r.teacherFirstName, r.teacherLastName) } : null,
    location: r.locationId ? { id: r.locationId, name: r.locationName ?? '' } : null,
    roomName: r.roomName,
    online: r.online,
    capacity: r.capacity,
    spotsLeft: b.spotsLeft,
    bookability: b.bookability,
    opensAt: b.opensAt?.toISOString() ?? null,
    priceMinor: r.priceMinor,
    currency,
  };
}

/** Adds each id once, keeping the first name seen, and sorts by name. */
function collect(into: Map<string, string>, id: string | null, name: string | null) {
  if (id !== null && !into.has(id)) into.set(id, name ?? '');
}
const sortedNamed = (m: Map<string, string>): NamedDto[] =>
  [...m].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

export function createPublicScheduleService({ database, studios, teachers, clock, publicUrl }: PublicScheduleDeps) {
  async function studioScope(slug: string) {
    const studio = await studios.getPublicStudio(slug);
    const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'anonymous' }, clock, requestId: 'public-schedule' };
    return { studio, ctx };
  }

  return {
    /**
     * The public classes of `days` calendar days from `from` (default: today in the studio's
     * zone). A class belongs to a day by its own local date, so a New York class at 20:00 on
     * Sunday is in that Sunday's week even though it is Monday in Paris. Private (link-only)
     * and hidden series are never listed; cancelled classes are, as cancelled.
     */
    async getSchedule(slug: string, query: PublicScheduleQuery): Promise<PublicScheduleDto> {
      const q = parseOrThrow(publicScheduleQuerySchema, query);
      const { studio, ctx } = await studioScope(slug);
      const now = clock.now();
      const from = (q.from ?? localDateOf(now, studio.timeZone)) as LocalDate;
      const to = addDays(from, q.days);
      // Every zone is within a day of UTC (−12 to +14 hours), so these bounds hold all the days' classes.
      const startsFrom = new Date(Date.parse(`${from}T00:00:00Z`) - dayMs);
      const startsBefore = new Date(Date.parse(`${to}T00:00:00Z`) + dayMs);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const rows = await repo.listPublicClasses(tx, ctx, {
          fromDate: from,
          toDate: to,
          startsFrom,
          startsBefore,
          locationId: q.locationId,
          teacherId: q.teacherId,
          templateId: q.templateId,
        });
        const facets = await repo.listPublicSeriesFacets(tx, ctx, from);
        const locations = new Map<string, string>();
        const teachers = new Map<string, string>();
        const classTypes = new Map<string, string>();
        for (const f of facets) {
          collect(locations, f.locationId, f.locationName);
          collect(teachers, f.teacherId, personName(f.teacherFirstName, f.teacherLastName));
          collect(classTypes, f.templateId, f.templateName);
        }
        // A substitute or a moved class shows in the filters of the days it is on.
        for (const r of rows) {
          collect(locations, r.locationId, r.locationName);
          collect(teachers, r.teacherId, personName(r.teacherFirstName, r.teacherLastName));
          collect(classTypes, r.templateId, r.name);
        }
        return {
          timeZone: studio.timeZone,
          from,
          days: q.days,
          items: rows.map((r) => toPublicClass(r, currency, now)),
          filters: { locations: sortedNamed(locations), teachers: sortedNamed(teachers), templates: sortedNamed(classTypes) },
        };
      });
    },

    /**
     * One class's public page. A private (link) class needs its series' share key; without it,
     * and for hidden or deleted classes, the answer is the same "not found" as an unknown id.
     */
    async getClass(slug: string, id: string, key: string | undefined): Promise<PublicClassDetailDto> {
      const { studio, ctx } = await studioScope(slug);
      const now = clock.now();
      return withStudio(database, ctx.studioId, async (tx) => {
        const row = await repo.findPublicClass(tx, ctx, id);
        if (!row || !isVisible(row, key)) throw occurrenceNotFound();
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const profile = row.teacherId ? (await teachers.teacherProfiles(tx, ctx, [row.teacherId])).get(row.teacherId) : undefined;
        return {
          ...toPublicClass(row, currency, now),
          description: row.description,
          bannerUrl: publicBannerUrl(studio.slug, row.templateId, row.bannerUpdatedAt),
          teacher: row.teacherId
            ? {
                id: row.teacherId,
                name: personName(row.teacherFirstName, row.teacherLastName),
                bio: profile?.bio ?? '',
                photoUrl: profile?.photoUrl ?? null,
              }
            : null,
          location: row.locationId
            ? {
                id: row.locationId,
                name: row.locationName ?? '',
                addressLine1: row.addressLine1 ?? '',
                addressLine2: row.addressLine2 ?? '',
                city: row.city ?? '',
                postalCode: row.postalCode ?? '',
                region: row.region ?? '',
                country: row.country ?? '',
              }
            : null,
          cancelNote: row.status === 'cancelled' && row.cancelNote ? row.cancelNote : null,
          allowChildren: row.allowChildren,
          spotSelection: row.spotSelection,
          spotMap: row.spotSelection && row.roomSpotMap ? row.roomSpotMap : null,
          salesCutoffMin: row.salesCutoffMin,
          bookingWindowDays: row.bookingWindowDays,
          closesAt: bookabilityOfRow(row, now).closesAt.toISOString(),
        };
      });
    },

    /**
     * A series' page: its classes that have not ended, for the share link of a private class
     * (or of a public course). Same visibility rule as one class.
     */
    async getSeries(slug: string, id: string, key: string | undefined): Promise<PublicSeriesDto> {
      const { ctx } = await studioScope(slug);
      const now = clock.now();
      return withStudio(database, ctx.studioId, async (tx) => {
        const s = await repo.findSeriesAccess(tx, ctx, id);
        if (!s || !isVisible(s, key)) throw seriesNotFound();
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const rows = await repo.listSeriesClasses(tx, ctx, id, now, seriesClassLimit);
        return { id: s.id, name: s.name, description: s.description, items: rows.map((r) => toPublicClass(r, currency, now)) };
      });
    },

    /** Settings › Add to website: the schedule's public address and the iframe and script snippets. */
    async embedSnippets(ctx: Ctx): Promise<EmbedSnippetsDto> {
      const { slug } = await studios.getStudio(ctx);
      const base = publicUrl.replace(/\/+$/, '');
      const scheduleUrl = `${base}/s/${slug}/schedule`;
      return {
        scheduleUrl,
        iframe: `<iframe src="${scheduleUrl}?embed=1" title="Class schedule" style="width:100%;min-height:720px;border:0" loading="lazy"></iframe>`,
        script: `<script src="${base}/embed.js" data-enso-studio="${slug}" async></script>`,
      };
    },
  };
}

export type PublicScheduleService = ReturnType<typeof createPublicScheduleService>;
