export { createIdentityService, type IdentityService, type Mailer, type RequestMeta, type SignedIn } from './service.ts';
export { identityRoutes, publicIdentityRoutes, requestMeta } from './routes.ts';
export { setSessionCookie, clearSessionCookie, configureCookies, sessionTokenOf, cookieName } from './cookies.ts';
export { rolePermissions, allPermissions, roleCan, actorCan, permissionsOf, type Permission } from './permissions.ts';
export { checkPassword } from './domain/password-policy.ts';
export type * from './contracts.ts';
