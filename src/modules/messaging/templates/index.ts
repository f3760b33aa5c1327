export { createMessageTemplatesService, enabledChannelsOf, unknownVariablesOf, type MessageTemplatesService, type MessageTemplatesDeps, type TemplateContent, type RenderedMessage } from './service.ts';
export { messageTemplatesRoutes } from './routes.ts';
export type { EnabledChannels } from './contracts.ts';
