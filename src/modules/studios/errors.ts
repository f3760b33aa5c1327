import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

export type StudiosErrorCode =
  | 'studio_not_found'
  | 'location_not_found'
  | 'room_not_found'
  | 'slug_taken'
  | 'location_archived'
  | 'logo_invalid'
  | 'admin_only';

const kindOf = (code: StudiosErrorCode): ErrorKind => {
  switch (code) {
    case 'studio_not_found':
    case 'location_not_found':
    case 'room_not_found':
      return 'not_found';
    case 'slug_taken':
    case 'location_archived':
      return 'conflict';
    case 'logo_invalid':
      return 'invalid';
    case 'admin_only':
      return 'forbidden';
    default:
      return assertNever(code);
  }
};

export class StudiosError extends DomainError<StudiosErrorCode> {
  override readonly name = 'StudiosError';
  constructor(code: StudiosErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}
