export {
  createWaiversService,
  type WaiversService,
  type WaiversDeps,
  type WaiverMailer,
  type ResignAudienceSource,
  type SignMeta,
  type CheckoutAcceptance,
} from './service.ts';
export { waiversRoutes, publicWaiversRoutes } from './routes.ts';
export { waiverEventSchemas, type WaiverEventType, type WaiverEventPayload } from './events.ts';
export { WaiversError, type WaiversErrorCode } from './errors.ts';
export type { SigningPurpose, WaiverStatus } from './domain/status.ts';
export { resignRequestJobName } from './jobs.ts';
export type * from './contracts.ts';
