export { createPhoneService, type PhoneService, type PhoneDeps, type CallStatus } from './service.ts';
export { phoneRoutes } from './routes.ts';

export { phoneEventSchemas, callMissedEvent, type CallMissedPayload } from './events.ts';
