export { createMessageTemplatesService, unknownVariablesOf, type MessageTemplatesService, type MessageTemplatesDeps, type TemplateContent, type RenderedMessage } from './service.ts';
export { messageTemplatesRoutes } from './routes.ts';
