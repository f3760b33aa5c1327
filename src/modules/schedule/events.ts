import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';

const changedSchema = z.array(z.string());

/**
 * Versioned payloads of the events this module publishes. The subject of `class.*` events is
 * the occurrence (one dated class) — except `class.scheduled.v2`, which lists the new classes of
 * one series and has the series as subject; of `class_series.*` the series; of
 * `class_template.*` the template. Booking refunds and messaging notifies from
 * `class.cancelled.v1`; the video provider creates meetings from `class.scheduled.v2` and moves
 * and deletes them from `class.updated/cancelled/deleted.v1`.
 */
export const scheduleEventSchemas = {
  'class_template.created.v1': z.object({ templateId: z.string(), name: z.string() }),
  'class_template.updated.v1': z.object({ templateId: z.string(), changed: changedSchema }),
  'class_template.archived.v1': z.object({ templateId: z.string() }),
  'class_template.unarchived.v1': z.object({ templateId: z.string() }),
  'class_series.created.v1': z.object({ seriesId: z.string(), templateId: z.string(), kind: z.string(), pattern: z.string() }),
  /** "This and following": `seriesId` now ends the day before `fromDate`; `newSeriesId` carries on. */
  'class_series.split.v1': z.object({ seriesId: z.string(), newSeriesId: z.string(), fromDate: z.string(), changed: changedSchema }),
  /** An irregular series (dates) changed in place: its classes ahead got `class.updated.v1` too. */
  'class_series.updated.v1': z.object({ seriesId: z.string(), changed: changedSchema }),
  /**
   * New classes of one series, announced together (subject: the series): the classes a series
   * is created with, the daily job's extension of its horizon, an added date (one item), the
   * new classes of a split's new half. One event per series rather than one per class: a year
   * of a studio's timetable is ~20,000 classes.
   */
  'class.scheduled.v2': z.object({
    seriesId: z.string(),
    occurrences: z.array(z.object({ occurrenceId: z.string(), startsAt: z.string(), endsAt: z.string() })).min(1),
  }),
  /**
   * One new class (subject: the occurrence). No longer published — `class.scheduled.v2` replaced
   * it; kept so that events recorded before still parse and reach the video subscriber.
   */
  'class.scheduled.v1': z.object({ occurrenceId: z.string(), seriesId: z.string(), startsAt: z.string(), endsAt: z.string() }),
  'class.updated.v1': z.object({
    occurrenceId: z.string(),
    seriesId: z.string(),
    changed: changedSchema,
    startsAt: z.string(),
    endsAt: z.string(),
  }),
  'class.teacher_substituted.v1': z.object({
    occurrenceId: z.string(),
    teacherId: z.string(),
    /** The teacher the class had before (the series' teacher on a first substitution). */
    previousTeacherId: z.string().nullable(),
  }),
  'class.cancelled.v1': z.object({
    occurrenceId: z.string(),
    seriesId: z.string(),
    startsAt: z.string(),
    /** The note to customers staff wrote (empty when none); messaging puts it in `noteToCustomers`. */
    note: z.string(),
  }),
  'class.deleted.v1': z.object({ occurrenceId: z.string(), seriesId: z.string() }),
  'teacher.profile_updated.v1': z.object({ userId: z.string(), changed: changedSchema }),
} as const;

export type ScheduleEventType = keyof typeof scheduleEventSchemas;
export type ScheduleEventPayload<T extends ScheduleEventType> = z.infer<(typeof scheduleEventSchemas)[T]>;

export function scheduleEvent<T extends ScheduleEventType>(type: T, subjectId: string, payload: ScheduleEventPayload<T>): DomainEvent {
  return { type, subjectId, payload: scheduleEventSchemas[type].parse(payload) as Record<string, unknown> };
}
