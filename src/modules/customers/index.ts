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
export { createImportsService, type ImportsService } from './imports/service.ts';
export { customerImportsRoutes } from './imports/routes.ts';
export { createSegmentsService, type SegmentsService, type CsvExport } from './segments/service.ts';
export { customerSegmentsRoutes } from './segments/routes.ts';
export { segmentEventSchemas, type SegmentEventType } from './segments/events.ts';
export { SegmentsError, type SegmentsErrorCode } from './segments/errors.ts';
/** Customer criteria: the one shape of list filters, segments, and messaging or automation audiences. */
export {
  criteriaSchema,
  criteriaRuleSchema,
  matchesCriteria,
  everyone,
  type Criteria,
  type CriteriaRule,
  type CriteriaEnv,
  type CriteriaSubject,
} from './domain/criteria.ts';
export type * from './segments/contracts.ts';
export type { CustomerDataOwner } from './data-owners.ts';
export { createTagsService, type TagsService } from './tags/service.ts';
export { customerTagsRoutes } from './tags/routes.ts';
export { createFieldsService, type FieldsService, type Answers } from './fields/service.ts';
export { customerFieldsRoutes, publicCustomerFieldsRoutes } from './fields/routes.ts';
export { createNotesService, type NotesService } from './notes/service.ts';
export { customerNotesRoutes } from './notes/routes.ts';
export type { Badge } from './domain/badges.ts';
export { dateMatches, isBirthdayLabel, type FieldKind, type FieldValue } from './domain/field-values.ts';
export { createFamilyService, childrenOf, isParentOf, type FamilyService } from './family/service.ts';
export { familyRoutes, publicFamilyRoutes } from './family/routes.ts';
export { createSubscriptionsService, type SubscriptionsService } from './subscriptions/service.ts';
export { subscriptionsRoutes, publicSubscriptionsRoutes } from './subscriptions/routes.ts';
export { canReceive, type MessageKind, type Recipient, type Subscriptions } from './domain/subscriptions.ts';
export { recipientStateOf, type RecipientState } from './subscriptions/read.ts';
export { createReferralsService, type ReferralsService } from './referrals/service.ts';
export { referralsRoutes, publicReferralsRoutes } from './referrals/routes.ts';
export type * from './family/contracts.ts';
export type * from './subscriptions/contracts.ts';
export type * from './referrals/contracts.ts';
export { customerEventSchemas, type CustomerEventType, type CustomerEventPayload, type CustomerSource } from './events.ts';
export { CustomersError, type CustomersErrorCode } from './errors.ts';
export { normalizeForSearch, phoneDigits } from './domain/search.ts';
export type { CustomerId } from '../../kernel/ids.ts';
export { createDocumentsService, type DocumentsService } from './documents/service.ts';
export { customerDocumentsRoutes } from './documents/routes.ts';
export { createRecordsService, anonymizedFirstName, privacyExportCoverage, type RecordsService } from './records/service.ts';
export { customerRecordsRoutes } from './records/routes.ts';
export type * from './documents/contracts.ts';
export type * from './records/contracts.ts';
export type * from './contracts.ts';
/** CSV cells with the spreadsheet formula guard, for other modules' exports (a class roster). */
export { byteOrderMark, csvCell, csvRecord } from './domain/csv-export.ts';
export { customerVisitsSubscriber } from './visits.ts';
