export {
  createCustomersService,
  totalCap,
  type CustomersService,
  type CustomersDeps,
  type CustomerPage,
  type ActivityPage,
  type CustomerSignedIn,
  type CustomerSignUpResult,
  type ImportRow,
  type ImportResult,
  type SearchQuery,
  type PageQuery,
} from './service.ts';
export { customersRoutes, publicCustomersRoutes } from './routes.ts';
export type { CustomerDataOwner } from './data-owners.ts';
export { createTagsService, type TagsService } from './tags/service.ts';
export { customerTagsRoutes } from './tags/routes.ts';
export { createTagsService, type TagsService } from './tags/service.ts';
export { customerTagsRoutes } from './tags/routes.ts';
export { customerEventSchemas, type CustomerEventType, type CustomerEventPayload, type CustomerSource } from './events.ts';
export { CustomersError, type CustomersErrorCode } from './errors.ts';
export { normalizeForSearch, phoneDigits } from './domain/search.ts';
export type { CustomerId } from '../../kernel/ids.ts';
export type * from './contracts.ts';
