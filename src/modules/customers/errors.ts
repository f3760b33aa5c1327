import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

export type CustomersErrorCode =
  | 'customer_not_found'
  | 'email_taken'
  | 'email_required'
  | 'invalid_cursor'
  | 'not_a_customer'
  | 'document_not_found'
  | 'file_too_large'
  | 'empty_file'
  | 'merge_into_self'
  | 'merge_into_retired'
  | 'merge_parent_into_child'
  | 'merge_family_conflict'
  | 'tag_not_found'
  | 'tag_name_taken'
  | 'field_not_found'
  | 'invalid_field_value'
  | 'note_not_found'
  | 'not_note_author'
  | 'child_cannot_have_children'
  | 'family_cycle'
  | 'already_a_child'
  | 'parent_cannot_be_child'
  | 'customer_retired'
  | 'sms_stopped'
  | 'referrer_not_found'
  | 'self_referral';

const kindOf = (code: CustomersErrorCode): ErrorKind => {
  switch (code) {
    case 'customer_not_found':
    case 'tag_not_found':
    case 'field_not_found':
    case 'note_not_found':
      return 'not_found';
    case 'tag_name_taken':
      return 'conflict';
    case 'invalid_field_value':
      return 'invalid';
    case 'not_note_author':
      return 'forbidden';
    case 'child_cannot_have_children':
    case 'family_cycle':
    case 'already_a_child':
    case 'parent_cannot_be_child':
    case 'customer_retired':
    case 'sms_stopped':
      return 'conflict';
    case 'referrer_not_found':
    case 'self_referral':
      return 'invalid';
    case 'email_taken':
      return 'conflict';
    case 'email_required':
    case 'invalid_cursor':
      return 'invalid';
    case 'not_a_customer':
      return 'unauthenticated';
    case 'document_not_found':
      return 'not_found';
    case 'file_too_large':
    case 'empty_file':
    case 'merge_into_self':
      return 'invalid';
    case 'merge_into_retired':
    case 'merge_parent_into_child':
    case 'merge_family_conflict':
      return 'conflict';
    default:
      return assertNever(code);
  }
};

export class CustomersError extends DomainError<CustomersErrorCode> {
  override readonly name = 'CustomersError';
  constructor(code: CustomersErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const customerNotFound = () => new CustomersError('customer_not_found', 'This customer does not exist.');

export const emailTaken = () =>
  new CustomersError('email_taken', 'Another customer already has this email.', [
    { path: 'email', message: 'Another customer already has this email.' },
  ]);

export const invalidCursor = () =>
  new CustomersError('invalid_cursor', 'This cursor does not belong to this list: start again without it.', [
    { path: 'cursor', message: 'Unknown cursor.' },
  ]);
