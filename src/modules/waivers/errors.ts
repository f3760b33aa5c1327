import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

export type WaiversErrorCode =
  | 'waiver_not_found'
  | 'waiver_archived'
  | 'standard_kind_taken'
  | 'version_changed'
  | 'signature_not_found'
  | 'not_the_parent'
  | 'not_a_child'
  | 'not_applicable'
  | 'invalid_signature_image'
  | 'sign_link_not_found'
  | 'sign_link_used'
  | 'sign_link_expired'
  | 'no_email'
  | 'not_a_customer';

const kindOf = (code: WaiversErrorCode): ErrorKind => {
  switch (code) {
    case 'waiver_not_found':
    case 'signature_not_found':
    case 'sign_link_not_found':
      return 'not_found';
    case 'waiver_archived':
    case 'standard_kind_taken':
    case 'version_changed':
    case 'sign_link_used':
    case 'sign_link_expired':
      return 'conflict';
    case 'not_the_parent':
      return 'forbidden';
    case 'not_a_child':
    case 'not_applicable':
    case 'invalid_signature_image':
    case 'no_email':
      return 'invalid';
    case 'not_a_customer':
      return 'unauthenticated';
    default:
      return assertNever(code);
  }
};

export class WaiversError extends DomainError<WaiversErrorCode> {
  override readonly name = 'WaiversError';
  constructor(code: WaiversErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const waiverNotFound = () => new WaiversError('waiver_not_found', 'This waiver does not exist.');
export const signatureNotFound = () => new WaiversError('signature_not_found', 'This signature does not exist.');
export const waiverArchived = () => new WaiversError('waiver_archived', 'This waiver is archived: it can no longer be signed or edited.');
export const versionChanged = (current: number) =>
  new WaiversError('version_changed', `This waiver has changed since it was shown (now version ${current}): read it again before signing.`, [
    { path: 'version', message: `The current version is ${current}.` },
  ]);
