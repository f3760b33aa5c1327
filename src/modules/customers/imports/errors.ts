import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../../kernel/errors.ts';

export type ImportsErrorCode = 'import_not_found' | 'import_file_not_found' | 'csv_expected' | 'invalid_csv' | 'invalid_mapping';

const kindOf = (code: ImportsErrorCode): ErrorKind => {
  switch (code) {
    case 'import_not_found':
    case 'import_file_not_found':
      return 'not_found';
    case 'csv_expected':
    case 'invalid_csv':
    case 'invalid_mapping':
      return 'invalid';
    default:
      return assertNever(code);
  }
};

export class ImportsError extends DomainError<ImportsErrorCode> {
  override readonly name = 'ImportsError';
  constructor(code: ImportsErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const importNotFound = () => new ImportsError('import_not_found', 'This import does not exist.');
export const importFileNotFound = () =>
  new ImportsError('import_file_not_found', 'This uploaded file does not exist (or belongs to another studio): upload it again.', [
    { path: 'fileId', message: 'Unknown file.' },
  ]);
