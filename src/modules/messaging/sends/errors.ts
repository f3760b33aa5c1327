import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../../kernel/errors.ts';

export type GroupSendErrorCode = 'marketing_suite_required' | 'no_recipients' | 'subject_required' | 'send_not_found';

const kindOf = (code: GroupSendErrorCode): ErrorKind => {
  switch (code) {
    case 'marketing_suite_required':
      return 'forbidden';
    case 'no_recipients':
    case 'subject_required':
      return 'invalid';
    case 'send_not_found':
      return 'not_found';
    default:
      return assertNever(code);
  }
};

export class GroupSendError extends DomainError<GroupSendErrorCode> {
  override readonly name = 'GroupSendError';
  constructor(code: GroupSendErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}
