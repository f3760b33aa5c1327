import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

export type IdentityErrorCode =
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'studio_required'
  | 'account_deactivated'
  | 'weak_password'
  | 'email_taken'
  | 'token_invalid'
  | 'staff_not_found'
  | 'api_key_not_found'
  | 'last_admin'
  | 'cannot_change_self'
  | 'not_invited';

const kindOf = (code: IdentityErrorCode): ErrorKind => {
  switch (code) {
    case 'invalid_credentials':
      return 'unauthenticated';
    case 'too_many_attempts':
      return 'rate_limited';
    case 'account_deactivated':
      return 'forbidden';
    case 'weak_password':
    case 'token_invalid':
      return 'invalid';
    case 'staff_not_found':
    case 'api_key_not_found':
      return 'not_found';
    case 'studio_required':
    case 'email_taken':
    case 'last_admin':
    case 'cannot_change_self':
    case 'not_invited':
      return 'conflict';
    default:
      return assertNever(code);
  }
};

export class IdentityError extends DomainError<IdentityErrorCode> {
  override readonly name = 'IdentityError';
  constructor(code: IdentityErrorCode, message: string, fields: FieldError[] = [], retryAfterSeconds?: number) {
    super(kindOf(code), code, message, fields, retryAfterSeconds);
  }
}
