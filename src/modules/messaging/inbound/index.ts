export { createInboundSmsService, phoneDigitsCandidates, type InboundSmsService, type InboundSmsDeps, type InboundSmsOutcome } from './service.ts';
export { inboundSmsRoutes } from './routes.ts';
