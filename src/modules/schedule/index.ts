export { createTemplatesService, publicBannerUrl, type TemplatesService, type TemplatesDeps } from './templates/service.ts';
export { templatesRoutes, publicTemplatesRoutes } from './templates/routes.ts';
export { createTeachersService, publicPhotoUrl, type TeachersService, type TeachersDeps, type TeacherProfile } from './teachers/service.ts';
export { teachersRoutes, publicTeachersRoutes } from './teachers/routes.ts';
export { scheduleEventSchemas, scheduleEvent, type ScheduleEventType, type ScheduleEventPayload } from './events.ts';
export { ScheduleError, type ScheduleErrorCode } from './errors.ts';
export type * from './contracts.ts';
