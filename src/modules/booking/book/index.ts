export { createBookService, type BookService, type BookDeps, type BookHooks, type PromoteResult } from './service.ts';
export { waiverVersionId } from '../waivers-at-checkout.ts';
export { bookRoutes, publicBookRoutes } from './routes.ts';
export { bookCronEntries, classBookingKind, holdMinutes, releaseExpiredHoldsJobName } from './jobs.ts';
