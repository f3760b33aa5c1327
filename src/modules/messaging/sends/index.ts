export {
  createGroupSendsService,
  compileMessage,
  verdictOf,
  groupSendLimit,
  groupSendVariables,
  groupSendTemplate,
  groupSendJobName,
  type GroupSendsService,
  type GroupSendsDeps,
  type RunOptions,
} from './service.ts';
export { groupSendsRoutes } from './routes.ts';
export { GroupSendError, type GroupSendErrorCode } from './errors.ts';
export type * from './contracts.ts';
