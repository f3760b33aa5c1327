export { createRosterService, type RosterService, type RosterDeps } from './service.ts';
export type { BookedAttendee } from './repo.ts';
export { rosterRoutes } from './routes.ts';
export { createStaffBookingOptionsService, type StaffBookingOptionsService, type StaffBookingOptionsDeps } from './booking-options.ts';
export { staffBookingOptionsRoutes } from './booking-options-routes.ts';
