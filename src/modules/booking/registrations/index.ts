export { createRegistrationsService, registrationKind, type RegistrationsService, type RegistrationsDeps } from './service.ts';
export { registrationsRoutes, publicRegistrationsRoutes } from './routes.ts';
export { registrationClassesSubscriber } from './subscriber.ts';
export { registrationsCronEntries, expireUnpaidRegistrationsJobName } from './jobs.ts';
