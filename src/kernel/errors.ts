/**
 * The closed set of error kinds. Each maps to one HTTP status in platform/http/errors.ts;
 * services throw DomainError subclasses and never know about HTTP.
 */
export type ErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `address.postalCode`. */
  path: string;
  message: string;
}

export class DomainError<Code extends string = string> extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly kind: ErrorKind,
    readonly code: Code,
    message: string,
    readonly fields: FieldError[] = [],
    /** Seconds the caller should wait before trying again (rate_limited). */
    readonly retryAfterSeconds?: number,
    /**
     * Structured facts the caller needs to act on the error (e.g. the classes a schedule change
     * collides with), sent as the problem's `details` member. JSON-safe values only.
     */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
