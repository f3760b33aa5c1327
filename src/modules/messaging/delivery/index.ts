export { createDeliveryService, unsubscribeLinkNotFound, type DeliveryService, type DeliveryDeps, type UnsubscribeView } from './service.ts';
export { unsubscribeRoutes } from './routes.ts';
export { suppressionReasonFor, type SuppressionReason } from './suppression.ts';
export { unsubscribeKinds, unsubscribeKindOf, type UnsubscribeKind } from './kinds.ts';
export { withFooter, footerLocaleOf } from './footer.ts';
export type * from './contracts.ts';
