export { createMessageTemplatesService, unknownVariablesOf, type MessageTemplatesService, type MessageTemplatesDeps, type TemplateContent } from './service.ts';
export { messageTemplatesRoutes } from './routes.ts';
