export { createRosterService, type RosterService, type RosterDeps } from './service.ts';
export { rosterRoutes } from './routes.ts';
