import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';

/**
 * Every error code of the commerce module (orders, checkout, refunds, catalog, gift cards,
 * discount codes, prepaid credit, saved cards, payment settings); each maps to one kind and so
 * one HTTP status. Add a code here and to `kindOf` together.
 */
export type CommerceErrorCode =
  // orders and checkout
  | 'order_not_found'
  | 'order_not_payable'
  | 'nothing_to_sell'
  | 'invalid_line'
  | 'unknown_line_kind'
  | 'customer_required'
  | 'customer_not_found'
  | 'invalid_tender'
  | 'tender_mismatch'
  | 'payment_failed'
  | 'payment_requires_action'
  | 'payment_not_found'
  | 'currency_mismatch'
  | 'idempotency_key_reused'
  // refunds
  | 'refund_exceeds_paid'
  | 'refund_not_allowed'
  | 'refund_failed'
  | 'invalid_refund'
  // prepaid dollar credit
  | 'insufficient_credit'
  // gift cards
  | 'gift_card_not_found'
  | 'gift_card_exhausted'
  | 'gift_card_inactive'
  | 'gift_card_expired'
  | 'gift_card_already_used'
  | 'gift_card_lookup_locked'
  | 'invalid_gift_card'
  // discount codes
  | 'discount_code_not_found'
  | 'discount_code_invalid'
  | 'discount_code_exhausted'
  | 'discount_code_taken'
  | 'discount_code_not_started'
  | 'discount_code_expired'
  | 'discount_code_customer_limit'
  | 'discount_code_not_applicable'
  | 'discount_code_needs_customer'
  | 'invalid_discount_code'
  | 'invalid_credit'
  // products and stock
  | 'product_not_found'
  | 'product_archived'
  | 'out_of_stock'
  | 'invalid_product'
  // saved cards and payment settings
  | 'saved_card_not_found'
  | 'no_saved_card'
  | 'stripe_not_connected'
  | 'invalid_stripe_keys'
  | 'payment_provider_error'
  // webhooks
  | 'invalid_webhook';

const kindOf = (code: CommerceErrorCode): ErrorKind => {
  switch (code) {
    case 'order_not_found':
    case 'customer_not_found':
    case 'payment_not_found':
    case 'gift_card_not_found':
    case 'discount_code_not_found':
    case 'product_not_found':
    case 'saved_card_not_found':
      return 'not_found';
    case 'order_not_payable':
    case 'idempotency_key_reused':
    case 'payment_failed':
    case 'payment_requires_action':
    case 'refund_exceeds_paid':
    case 'refund_not_allowed':
    case 'refund_failed':
    case 'insufficient_credit':
    case 'gift_card_exhausted':
    case 'gift_card_inactive':
    case 'gift_card_expired':
    case 'gift_card_already_used':
    case 'discount_code_not_started':
    case 'discount_code_expired':
    case 'discount_code_customer_limit':
    case 'discount_code_not_applicable':
    case 'discount_code_exhausted':
    case 'discount_code_taken':
    case 'product_archived':
    case 'out_of_stock':
    case 'no_saved_card':
    case 'stripe_not_connected':
      return 'conflict';
    case 'nothing_to_sell':
    case 'invalid_line':
    case 'unknown_line_kind':
    case 'customer_required':
    case 'invalid_tender':
    case 'tender_mismatch':
    case 'currency_mismatch':
    case 'invalid_refund':
    case 'discount_code_invalid':
    case 'discount_code_needs_customer':
    case 'invalid_discount_code':
    case 'invalid_gift_card':
    case 'invalid_credit':
    case 'invalid_product':
    case 'invalid_stripe_keys':
    case 'invalid_webhook':
      return 'invalid';
    case 'payment_provider_error':
      return 'unavailable';
    case 'gift_card_lookup_locked':
      return 'rate_limited';
    default:
      return assertNever(code);
  }
};

export class CommerceError extends DomainError<CommerceErrorCode> {
  override readonly name = 'CommerceError';
  constructor(code: CommerceErrorCode, message: string, fields: FieldError[] = [], details?: Record<string, unknown>) {
    super(kindOf(code), code, message, fields, undefined, details);
  }
}

export const orderNotFound = () => new CommerceError('order_not_found', 'This order does not exist.');
export const customerNotFound = () => new CommerceError('customer_not_found', 'This customer does not exist.');
export const stripeNotConnected = () => new CommerceError('stripe_not_connected', 'Card payments need a connected Stripe account (Settings > Payments).');
export const insufficientCredit = (balanceMinor: number) =>
  new CommerceError('insufficient_credit', 'The customer does not have enough prepaid credit.', [], { balanceMinor });
/** A wrong field of a sale: the message names the rule, `path` the field. */
export const invalidTender = (path: string, message: string) => new CommerceError('invalid_tender', message, [{ path, message }]);
export const invalidLine = (path: string, message: string) => new CommerceError('invalid_line', message, [{ path, message }]);
