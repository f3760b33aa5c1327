export { createWaitlistService, type WaitlistService, type WaitlistDeps, type PromoteFn, type PromoteResult } from './service.ts';
export { waitlistRoutes, publicWaitlistRoutes } from './routes.ts';
export { waitlistCronEntries, fillFreedSpotJobName, expireOfferJobName, expireOffersJobName } from './jobs.ts';
/** Reads shared with attendance: what booking events carry, a class's counts. */
export { eventFacts, classCounts, type EventFacts, type ClassCounts } from './repo.ts';
