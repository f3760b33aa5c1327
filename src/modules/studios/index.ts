export { createStudiosService, toStudioDto, type StudiosService, type NewStudio } from './service.ts';
export { studiosRoutes, publicStudiosRoutes } from './routes.ts';
export type * from './contracts.ts';
