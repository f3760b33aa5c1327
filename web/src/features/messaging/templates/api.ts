import { api } from '../../../lib/api.ts';
import type {
  EnabledChannels,
  PreviewTemplate,
  SaveTemplate,
  TemplateDetailDto,
  TemplatePreviewDto,
  TemplateSummaryDto,
} from '../../../../../src/modules/messaging/templates/contracts.ts';
import type { Block, BlockKind } from '../../../../../src/modules/messaging/blocks.ts';

export type { Block, BlockKind, EnabledChannels, TemplateDetailDto, TemplatePreviewDto, TemplateSummaryDto };
export type {
  TemplateVariableDto,
  UnknownVariableDto,
} from '../../../../../src/modules/messaging/templates/contracts.ts';

export type TemplateLocale = 'en' | 'fr';

const enc = encodeURIComponent;
const one = (key: string, locale: TemplateLocale) => `/api/v1/message-templates/${enc(key)}/${locale}`;

export const messageTemplatesKey = ['message-templates'] as const;
export const messageTemplateKey = (key: string, locale: TemplateLocale) => ['message-templates', key, locale] as const;

/** Settings › Message templates (messages:templates). */
export const messageTemplatesApi = {
  list: () => api.get<{ items: TemplateSummaryDto[] }>('/api/v1/message-templates'),
  get: (key: string, locale: TemplateLocale) => api.get<TemplateDetailDto>(one(key, locale)),
  save: (key: string, locale: TemplateLocale, body: SaveTemplate) => api.put<TemplateDetailDto>(one(key, locale), body),
  reset: (key: string, locale: TemplateLocale) => api.del<TemplateDetailDto>(one(key, locale)),
  /** The channels the template goes on (both languages). */
  setChannels: (key: string, body: EnabledChannels) => api.put<EnabledChannels>(`/api/v1/message-templates/${enc(key)}/channels`, body),
  preview: (key: string, locale: TemplateLocale, body: PreviewTemplate) => api.post<TemplatePreviewDto>(`${one(key, locale)}/preview`, body),
};
