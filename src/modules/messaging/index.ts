export { createMessageTemplatesService, messageTemplatesRoutes, unknownVariablesOf, type MessageTemplatesService, type MessageTemplatesDeps } from './templates/index.ts';
export { catalogue, catalogueEntry, variableDefinitions, sampleValues, requiresSubject, type CatalogueEntry, type Channel, type Audience, type VariableDefinition } from './catalogue.ts';
export { renderVariables, unknownVariables, variablesIn, variableToken, escapeHtml, type VariableValues } from './render.ts';
export { renderEmail, type Branding, type RenderedEmail } from './email-html.ts';
export { blocksSchema, blocksToText, blockKinds, type Block, type BlockKind } from './blocks.ts';
export { MessagingError, type MessagingErrorCode } from './errors.ts';
export type * from './templates/contracts.ts';
export { bookingNoticesSubscriber, type BookingNoticesDeps } from './notices/subscriber.ts';
export { createInboundSmsService, inboundSmsRoutes, phoneDigitsCandidates, type InboundSmsService, type InboundSmsDeps, type InboundSmsOutcome } from './inbound/index.ts';
