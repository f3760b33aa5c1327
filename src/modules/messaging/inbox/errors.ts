import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../../kernel/errors.ts';

export type InboxErrorCode = 'thread_not_found' | 'message_not_found' | 'no_email_on_file' | 'no_phone_on_file' | 'unknown_segments' | 'invalid_cursor' | 'sms_allowance_used';

const kindOf = (code: InboxErrorCode): ErrorKind => {
  switch (code) {
    case 'thread_not_found':
    case 'message_not_found':
      return 'not_found';
    case 'no_email_on_file':
    case 'no_phone_on_file':
    case 'unknown_segments':
    case 'invalid_cursor':
      return 'invalid';
    case 'sms_allowance_used':
      return 'conflict';
    default:
      return assertNever(code);
  }
};

export class InboxError extends DomainError<InboxErrorCode> {
  override readonly name = 'InboxError';
  constructor(code: InboxErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const invalidCursor = () => new InboxError('invalid_cursor', 'This cursor is not one a previous page returned.', [{ path: 'cursor', message: 'Invalid cursor' }]);
