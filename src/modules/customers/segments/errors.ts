import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../../kernel/errors.ts';

export type SegmentsErrorCode = 'segment_not_found' | 'unknown_reference' | 'invalid_criteria' | 'invalid_segment_order';

const kindOf = (code: SegmentsErrorCode): ErrorKind => {
  switch (code) {
    case 'segment_not_found':
      return 'not_found';
    case 'unknown_reference':
    case 'invalid_criteria':
    case 'invalid_segment_order':
      return 'invalid';
    default:
      return assertNever(code);
  }
};

/** Errors of saved segments, list filters, bulk actions and exports. */
export class SegmentsError extends DomainError<SegmentsErrorCode> {
  override readonly name = 'SegmentsError';
  constructor(code: SegmentsErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const segmentNotFound = () =>
  new SegmentsError('segment_not_found', 'This segment does not exist.', [{ path: 'segment', message: 'Unknown segment.' }]);

/** Criteria name a tag or custom field the studio does not have (`paths` point at them). */
export const unknownReference = (paths: string[]) =>
  new SegmentsError(
    'unknown_reference',
    'The criteria refer to a tag or custom field that does not exist.',
    paths.map((path) => ({ path, message: 'Unknown tag or field.' })),
  );

export const invalidCriteria = (fields: FieldError[]) =>
  new SegmentsError(
    'invalid_criteria',
    `These criteria are not valid: ${fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ')}`,
    fields,
  );

export const invalidSegmentOrder = () =>
  new SegmentsError('invalid_segment_order', 'Name every segment of the studio exactly once.', [
    { path: 'ids', message: 'List every segment exactly once.' },
  ]);
