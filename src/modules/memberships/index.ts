export { createPlansService, type PlansService, type PlansDeps } from './plans/service.ts';
export { createMembershipsService, type MembershipsService, type MembershipsDeps, type EligibleFor, type EligibleMembership } from './service.ts';
export { createRenewalsService, type RenewalsService, type RenewalsDeps } from './renewals/service.ts';
export { membershipsRoutes, publicMembershipsRoutes } from './routes.ts';
export { membershipEventSchemas, membershipEvent, type MembershipEventType, type MembershipEventPayload } from './events.ts';
export { MembershipsError, type MembershipsErrorCode } from './errors.ts';
export { membershipsCronEntries, chargeRenewalJobName, maintainAllJobName, maintainStudioJobName, chargeInstalmentJobName } from './jobs.ts';
export type { MembershipsCommerce } from './commerce-port.ts';
export type * from './contracts.ts';
