import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios, locations, rooms } from '../studios/schema.ts';
import { users } from '../identity/schema.ts';

/**
 * A reusable class definition. A series reads its name, description and welcome message from
 * here (never a copy), so editing the template updates every series made from it. The other
 * fields are defaults copied into a new series. The banner lives in file storage under
 * `banner_file_key`. Prices are minor units of the studio's currency.
 */
export const templates = pgTable(
  'schedule_templates',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    welcomeMessage: text().notNull().default(''),
    category: text().notNull().default(''),
    defaultDurationMin: integer().notNull(),
    defaultCapacity: integer().notNull(),
    priceMinor: bigint({ mode: 'number' }).notNull().default(0),
    color: text().notNull().default('#4c6ef5'),
    bannerFileKey: text(),
    bannerContentType: text(),
    bannerUpdatedAt: timestamp({ withTimezone: true }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('schedule_templates_name_idx').on(t.studioId, t.name),
    check('schedule_templates_duration_check', sql`${t.defaultDurationMin} between 1 and 20160`),
    check('schedule_templates_capacity_check', sql`${t.defaultCapacity} between 1 and 10000`),
    check('schedule_templates_price_check', sql`${t.priceMinor} >= 0`),
  ],
);

/** What the public sees of a staff member who teaches: bio and photo (the host photo). */
export const teachers = pgTable(
  'schedule_teachers',
  {
    studioId: studioId(),
    userId: text().notNull(),
    bio: text().notNull().default(''),
    photoFileKey: text(),
    photoContentType: text(),
    photoUpdatedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.userId] }),
    foreignKey({ columns: [t.studioId, t.userId], foreignColumns: [users.studioId, users.id] }),
  ],
);

/**
 * The recurrence (or the set of dates) occurrences come from, with the rules they share.
 *
 * `kind`: class | workshop | course | semester | retreat | private.
 * `visibility`: public (on the public schedule) | link (only through its link: `share_token`;
 * every private class) | hidden (staff only).
 * `pattern`: weekly — `weekdays` (ISO 1 = Monday … 7) × `start_minutes` (after local midnight)
 * in `time_zone`, from `start_date` to `end_date` (or open-ended), materialised `weeks_ahead`
 * weeks ahead by a daily job up to `materialised_until`; dates — irregular dates (course/challenge,
 * workshop, retreat, a single class): the occurrences themselves are the schedule.
 * A "this and following" edit ends the series the day before and starts a new one that names
 * it in `split_from_series_id`.
 */
export const series = pgTable(
  'schedule_series',
  {
    studioId: studioId(),
    id: text().notNull(),
    templateId: text().notNull(),
    kind: text().notNull(),
    visibility: text().notNull().default('public'),
    shareToken: text().notNull(),
    pattern: text().notNull(),
    weekdays: smallint().array().notNull().default(sql`'{}'::smallint[]`),
    startMinutes: smallint().array().notNull().default(sql`'{}'::smallint[]`),
    durationMin: integer().notNull(),
    timeZone: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    weeksAhead: integer().notNull().default(8),
    materialisedUntil: date({ mode: 'string' }),
    teacherId: text(),
    locationId: text(),
    roomId: text(),
    online: boolean().notNull().default(false),
    /** none (staff paste `video_url`) | zoom (a meeting per occurrence). */
    videoProvider: text().notNull().default('none'),
    videoUrl: text(),
    capacity: integer().notNull(),
    /** Null: the template's price. */
    priceMinor: bigint({ mode: 'number' }),
    salesCutoffMin: integer().notNull().default(0),
    /** How many days ahead customers may book; null: no limit. */
    bookingWindowDays: integer(),
    allowChildren: boolean().notNull().default(false),
    spotSelection: boolean().notNull().default(false),
    splitFromSeriesId: text(),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.templateId], foreignColumns: [templates.studioId, templates.id] }),
    foreignKey({ columns: [t.studioId, t.teacherId], foreignColumns: [users.studioId, users.id] }),
    foreignKey({ columns: [t.studioId, t.locationId], foreignColumns: [locations.studioId, locations.id] }),
    foreignKey({ columns: [t.studioId, t.roomId], foreignColumns: [rooms.studioId, rooms.id] }),
    index('schedule_series_template_idx').on(t.studioId, t.templateId),
    uniqueIndex('schedule_series_share_token_key').on(t.shareToken),
    // The daily materialiser looks for weekly series whose horizon has moved past what exists.
    index('schedule_series_materialise_idx').on(t.materialisedUntil).where(sql`pattern = 'weekly'`),
    check('schedule_series_kind_check', sql`${t.kind} in ('class', 'workshop', 'course', 'semester', 'retreat', 'private')`),
    check('schedule_series_visibility_check', sql`${t.visibility} in ('public', 'link', 'hidden')`),
    check('schedule_series_pattern_check', sql`${t.pattern} in ('weekly', 'dates')`),
    check('schedule_series_capacity_check', sql`${t.capacity} between 1 and 10000`),
    check('schedule_series_duration_check', sql`${t.durationMin} between 1 and 20160`),
    check('schedule_series_weeks_ahead_check', sql`${t.weeksAhead} between 1 and 104`),
    check('schedule_series_cutoff_check', sql`${t.salesCutoffMin} >= 0`),
    check('schedule_series_window_check', sql`${t.bookingWindowDays} is null or ${t.bookingWindowDays} >= 1`),
    check('schedule_series_price_check', sql`${t.priceMinor} is null or ${t.priceMinor} >= 0`),
    check('schedule_series_video_check', sql`${t.videoProvider} in ('none', 'zoom')`),
  ],
);

/**
 * One dated class. `slot_key` names the slot of the series it was made for (weekly:
 * `2025-03-31T18:00`, the original local date and time; dates: its own id), and is unique
 * per series: the materialiser inserts with `on conflict do nothing`, so running it twice adds
 * nothing, and a cancelled or deleted occurrence (kept as a row with its status) is never
 * made again. `local_date` and `time_zone` are fixed at creation for reports and grouping.
 * `booked_count` is the booking module's capacity guard (`… where booked_count < capacity`).
 * `substituted_for` keeps the series' teacher while a substitute teaches this one.
 */
export const occurrences = pgTable(
  'schedule_occurrences',
  {
    studioId: studioId(),
    id: text().notNull(),
    seriesId: text().notNull(),
    templateId: text().notNull(),
    slotKey: text().notNull(),
    localDate: date({ mode: 'string' }).notNull(),
    timeZone: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    teacherId: text(),
    substitutedFor: text(),
    locationId: text(),
    roomId: text(),
    capacity: integer().notNull(),
    bookedCount: integer().notNull().default(0),
    online: boolean().notNull().default(false),
    videoUrl: text(),
    videoMeetingId: text(),
    /** none | pending (a meeting is being created) | ready | failed (see `video_error`). */
    videoStatus: text().notNull().default('none'),
    videoError: text(),
    /** scheduled | cancelled | deleted. */
    status: text().notNull().default('scheduled'),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: text(),
    cancelNote: text(),
    deletedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.seriesId], foreignColumns: [series.studioId, series.id] }),
    // No foreign key on template_id: it is a copy of the series' template (which has one) and
    // never changes; checking it again cost the materialiser ~10 % of its insert time.
    foreignKey({ columns: [t.studioId, t.teacherId], foreignColumns: [users.studioId, users.id] }),
    foreignKey({ columns: [t.studioId, t.locationId], foreignColumns: [locations.studioId, locations.id] }),
    foreignKey({ columns: [t.studioId, t.roomId], foreignColumns: [rooms.studioId, rooms.id] }),
    uniqueIndex('schedule_occurrences_slot_key').on(t.studioId, t.seriesId, t.slotKey),
    index('schedule_occurrences_starts_idx').on(t.studioId, t.startsAt),
    index('schedule_occurrences_series_idx').on(t.studioId, t.seriesId, t.startsAt),
    index('schedule_occurrences_teacher_idx').on(t.studioId, t.teacherId, t.startsAt),
    index('schedule_occurrences_room_idx').on(t.studioId, t.roomId, t.startsAt),
    check('schedule_occurrences_status_check', sql`${t.status} in ('scheduled', 'cancelled', 'deleted')`),
    check('schedule_occurrences_times_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('schedule_occurrences_capacity_check', sql`${t.capacity} between 1 and 10000`),
    check('schedule_occurrences_booked_check', sql`${t.bookedCount} >= 0`),
    check('schedule_occurrences_video_check', sql`${t.videoStatus} in ('none', 'pending', 'ready', 'failed')`),
  ],
);

/**
 * A calendar subscription (iCal) for one teacher's or one location's classes. The token in
 * the URL is the only credential, so it is 256-bit random; rotating revokes the old row.
 */
export const calendarFeeds = pgTable(
  'schedule_calendar_feeds',
  {
    studioId: studioId(),
    id: text().notNull(),
    /** teacher | location */
    kind: text().notNull(),
    targetId: text().notNull(),
    token: text().notNull(),
    createdBy: text(),
    createdAt: createdAt(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('schedule_calendar_feeds_token_key').on(t.token),
    uniqueIndex('schedule_calendar_feeds_target_key').on(t.studioId, t.kind, t.targetId).where(sql`revoked_at is null`),
    check('schedule_calendar_feeds_kind_check', sql`${t.kind} in ('teacher', 'location')`),
  ],
);

/**
 * The studio's video account for online classes (one per studio). Zoom: a server-to-server
 * OAuth app (account id, client id, client secret), used to create a meeting per occurrence.
 */
export const videoAccounts = pgTable(
  'schedule_video_accounts',
  {
    studioId: studioId(),
    provider: text().notNull(),
    accountId: text().notNull(),
    clientId: text().notNull(),
    clientSecret: text().notNull(),
    connectedAt: timestamp({ withTimezone: true }).notNull(),
    lastError: text(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('schedule_video_accounts_provider_check', sql`${t.provider} in ('zoom')`),
  ],
);
