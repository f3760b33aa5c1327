export { createInboxService, replyTemplate, type InboxService, type InboxDeps } from './service.ts';
export { inboxRoutes, publicInboxRoutes, inboundEmailRoutes } from './routes.ts';
export { InboxError, type InboxErrorCode } from './errors.ts';
export type * from './contracts.ts';
export { customersByPhone, customerByEmail, phoneDigitsCandidates } from './match.ts';
export { storeInboundMessage, recordOutboundInThreads, previewOf, type InboundMessageInput } from './threads.ts';
