export { createCardsService, cardFeeOf, isExpired, type CardsService, type CardsDeps, type CardAccount, type CardAccountSource, type ChargeableCard } from './service.ts';
export { cardsRoutes, publicCardsRoutes } from './routes.ts';
export { CardsError, type CardsErrorCode } from './errors.ts';
export type * from './contracts.ts';
