export { createKioskService, type KioskService, type KioskDeps, type CheckInFn, type KioskCheckInResult } from './service.ts';
export { kioskRoutes } from './routes.ts';
