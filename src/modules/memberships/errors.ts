import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

/** Every error code of the memberships module; each maps to one kind (and so one HTTP status). */
export type MembershipsErrorCode =
  | 'plan_not_found'
  | 'plan_archived'
  | 'membership_not_found'
  | 'renewal_not_found'
  | 'instalment_not_found'
  | 'invalid_plan'
  | 'invalid_price'
  | 'invalid_payment_plan'
  | 'intro_offer_already_used'
  | 'waiver_required'
  | 'not_renewing'
  | 'membership_not_active'
  | 'already_frozen'
  | 'not_frozen'
  | 'no_credits_left'
  | 'not_counted'
  | 'renewal_not_retryable'
  | 'not_allowed_by_plan'
  | 'customer_required'
  | 'commerce_unavailable';

const kindOf = (code: MembershipsErrorCode): ErrorKind => {
  switch (code) {
    case 'plan_not_found':
    case 'membership_not_found':
    case 'renewal_not_found':
    case 'instalment_not_found':
      return 'not_found';
    case 'plan_archived':
    case 'intro_offer_already_used':
    case 'waiver_required':
    case 'not_renewing':
    case 'membership_not_active':
    case 'already_frozen':
    case 'not_frozen':
    case 'no_credits_left':
    case 'not_counted':
    case 'renewal_not_retryable':
      return 'conflict';
    case 'not_allowed_by_plan':
      return 'forbidden';
    case 'invalid_plan':
    case 'invalid_price':
    case 'invalid_payment_plan':
    case 'customer_required':
      return 'invalid';
    case 'commerce_unavailable':
      return 'unavailable';
    default:
      return assertNever(code);
  }
};

export class MembershipsError extends DomainError<MembershipsErrorCode> {
  override readonly name = 'MembershipsError';
  constructor(code: MembershipsErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}

export const planNotFound = () => new MembershipsError('plan_not_found', 'This plan does not exist.');
export const membershipNotFound = () => new MembershipsError('membership_not_found', 'This membership does not exist.');
export const invalidPlan = (fields: FieldError[]) => new MembershipsError('invalid_plan', fields.map((f) => `${f.path}: ${f.message}`).join(' '), fields);
