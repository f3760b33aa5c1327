import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../../kernel/errors.ts';

/** Saved-card codes; those shared with the rest of commerce (saved_card_not_found, stripe_not_connected, payment_provider_error) keep its names. */
export type CardsErrorCode =
  | 'saved_card_not_found'
  | 'setup_not_found'
  | 'setup_incomplete'
  | 'stripe_not_connected'
  | 'payment_provider_error'
  | 'customer_retired'
  | 'not_a_customer';

const kindOf = (code: CardsErrorCode): ErrorKind => {
  switch (code) {
    case 'saved_card_not_found':
    case 'setup_not_found':
      return 'not_found';
    case 'setup_incomplete':
    case 'stripe_not_connected':
    case 'customer_retired':
      return 'conflict';
    case 'payment_provider_error':
      return 'unavailable';
    case 'not_a_customer':
      return 'unauthenticated';
    default:
      return assertNever(code);
  }
};

export class CardsError extends DomainError<CardsErrorCode> {
  override readonly name = 'CardsError';
  constructor(code: CardsErrorCode, message: string, fields: FieldError[] = []) {
    super(kindOf(code), code, message, fields);
  }
}

export const cardNotFound = () => new CardsError('saved_card_not_found', 'This saved card does not exist.');
export const setupNotFound = () => new CardsError('setup_not_found', 'This card setup does not exist.');
export const notConnected = () =>
  new CardsError('stripe_not_connected', 'This studio does not take card payments online yet: it has not connected Stripe.');
