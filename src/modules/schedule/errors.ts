import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

/** Every error code of the schedule module; each maps to one kind (and so one HTTP status). */
export type ScheduleErrorCode =
  | 'template_not_found'
  | 'template_archived'
  | 'series_not_found'
  | 'occurrence_not_found'
  | 'teacher_not_found'
  | 'location_not_found'
  | 'room_not_found'
  | 'schedule_conflict'
  | 'occurrence_has_bookings'
  | 'occurrence_cancelled'
  | 'occurrence_in_past'
  | 'not_your_class'
  | 'invalid_schedule'
  | 'invalid_image'
  | 'feed_not_found'
  | 'video_not_connected'
  | 'video_provider_error'
  | 'invalid_video_credentials'
  | 'not_booked';

const kindOf = (code: ScheduleErrorCode): ErrorKind => {
  switch (code) {
    case 'template_not_found':
    case 'series_not_found':
    case 'occurrence_not_found':
    case 'teacher_not_found':
    case 'location_not_found':
    case 'room_not_found':
    case 'feed_not_found':
      return 'not_found';
    case 'template_archived':
    case 'schedule_conflict':
    case 'occurrence_has_bookings':
    case 'occurrence_cancelled':
    case 'occurrence_in_past':
    case 'video_not_connected':
      return 'conflict';
    case 'not_your_class':
    case 'not_booked':
      return 'forbidden';
    case 'invalid_schedule':
    case 'invalid_image':
    case 'invalid_video_credentials':
      return 'invalid';
    case 'video_provider_error':
      return 'unavailable';
    default:
      return assertNever(code);
  }
};

export class ScheduleError extends DomainError<ScheduleErrorCode> {
  override readonly name = 'ScheduleError';
  constructor(code: ScheduleErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}

export const templateNotFound = () => new ScheduleError('template_not_found', 'This class template does not exist.');
export const seriesNotFound = () => new ScheduleError('series_not_found', 'This class series does not exist.');
export const occurrenceNotFound = () => new ScheduleError('occurrence_not_found', 'This class does not exist.');
export const notYourClass = () => new ScheduleError('not_your_class', 'Teachers can change only the classes they teach.');
/** A wrong field of a schedule: the message names the rule, `path` the field. */
export const invalidSchedule = (path: string, message: string) => new ScheduleError('invalid_schedule', message, [{ path, message }]);
