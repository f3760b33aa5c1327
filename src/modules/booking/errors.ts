import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

/** Every error code of the booking module; each maps to one kind (and so one HTTP status). */
export type BookingErrorCode =
  | 'booking_not_found'
  | 'class_not_found'
  | 'registration_not_found'
  | 'penalty_rule_not_found'
  | 'penalty_not_found'
  | 'customer_not_found'
  | 'class_full'
  | 'class_cancelled'
  | 'class_started'
  | 'sales_closed'
  | 'not_yet_open'
  | 'already_booked'
  | 'waitlist_closed'
  | 'not_on_waitlist'
  | 'offer_expired'
  | 'spot_taken'
  | 'not_cancellable'
  | 'already_checked_in'
  | 'not_booked'
  | 'payment_required'
  | 'registration_required'
  | 'payment_failed'
  | 'no_eligible_membership'
  | 'waiver_required'
  | 'answers_required'
  | 'children_not_allowed'
  | 'not_your_child'
  | 'not_your_class'
  | 'not_your_booking'
  | 'cancellation_not_allowed'
  | 'invalid_booking'
  | 'invalid_spot'
  | 'invalid_settings'
  | 'invalid_penalty_rule'
  | 'invalid_check_in_key'
  | 'penalty_not_waivable'
  | 'location_not_found'
  | 'no_booking_to_check_in'
  | 'too_many_attempts';

const kindOf = (code: BookingErrorCode): ErrorKind => {
  switch (code) {
    case 'booking_not_found':
    case 'class_not_found':
    case 'registration_not_found':
    case 'penalty_rule_not_found':
    case 'penalty_not_found':
    case 'customer_not_found':
    case 'location_not_found':
      return 'not_found';
    case 'class_full':
    case 'class_cancelled':
    case 'class_started':
    case 'sales_closed':
    case 'not_yet_open':
    case 'already_booked':
    case 'waitlist_closed':
    case 'not_on_waitlist':
    case 'offer_expired':
    case 'spot_taken':
    case 'not_cancellable':
    case 'already_checked_in':
    case 'not_booked':
    case 'payment_required':
    case 'registration_required':
    case 'payment_failed':
    case 'no_eligible_membership':
    case 'waiver_required':
    case 'answers_required':
    case 'penalty_not_waivable':
    case 'no_booking_to_check_in':
      return 'conflict';
    case 'too_many_attempts':
      return 'rate_limited';
    case 'children_not_allowed':
    case 'not_your_child':
    case 'not_your_class':
    case 'not_your_booking':
    case 'cancellation_not_allowed':
      return 'forbidden';
    case 'invalid_booking':
    case 'invalid_spot':
    case 'invalid_settings':
    case 'invalid_penalty_rule':
    case 'invalid_check_in_key':
      return 'invalid';
    default:
      return assertNever(code);
  }
};

export class BookingError extends DomainError<BookingErrorCode> {
  override readonly name = 'BookingError';
  constructor(code: BookingErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}

export const bookingNotFound = () => new BookingError('booking_not_found', 'This booking does not exist.');
export const classNotFound = () => new BookingError('class_not_found', 'This class does not exist.');
