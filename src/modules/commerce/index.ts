export { CommerceError, type CommerceErrorCode } from './errors.ts';
export { commerceEventSchemas, commerceEvent, type CommerceEventType, type CommerceEventPayload } from './events.ts';
export { createFulfillerRegistry, type Fulfiller, type FulfillerRegistry, type FulfilLine, type LineQuote, type QuoteInput } from './fulfilment.ts';
