export { createWaitlistService, type WaitlistService, type WaitlistDeps, type PromoteFn, type PromoteResult } from './service.ts';
export { waitlistRoutes, publicWaitlistRoutes } from './routes.ts';
export { waitlistCronEntries, fillFreedSpotJobName, expireOfferJobName, expireOffersJobName } from './jobs.ts';
/** Read shared with attendance: a class's counts. */
export { classCounts, type ClassCounts } from './repo.ts';
