export { createPenaltiesService, penaltyFeeKind, type PenaltiesService, type PenaltiesDeps } from './service.ts';
export { penaltiesRoutes } from './routes.ts';
export { penaltiesSubscriber } from './handlers.ts';
export { chargePenaltyJobName, refundWaivedPenaltyJobName } from './jobs.ts';
