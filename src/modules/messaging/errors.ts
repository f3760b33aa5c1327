import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

export type MessagingErrorCode = 'template_not_found' | 'unknown_variables' | 'subject_required' | 'invalid_channels';

const kindOf = (code: MessagingErrorCode): ErrorKind => {
  switch (code) {
    case 'template_not_found':
      return 'not_found';
    case 'unknown_variables':
    case 'subject_required':
    case 'invalid_channels':
      return 'invalid';
    default:
      return assertNever(code);
  }
};

export class MessagingError extends DomainError<MessagingErrorCode> {
  override readonly name = 'MessagingError';
  constructor(code: MessagingErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}

export const templateNotFound = (key: string) => new MessagingError('template_not_found', `There is no message template "${key}".`);
