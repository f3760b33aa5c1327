import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { CreateTemplate, TemplateDto, UpdateTemplate } from '../../../../src/modules/schedule/contracts.ts';

export type { CreateTemplate, TemplateDto, UpdateTemplate };

const enc = encodeURIComponent;

/** The schedule pages cache the active list under the same key, so a change here shows there too. */
export const templatesKey = ['class-templates'] as const;
const listKey = (archived: boolean) => (archived ? ([...templatesKey, 'archived'] as const) : templatesKey);

export const templatesApi = {
  list: (archived: boolean) => api.get<{ items: TemplateDto[] }>('/api/v1/class-templates', archived ? { archived: 'true' } : undefined),
  create: (body: CreateTemplate) => api.post<TemplateDto>('/api/v1/class-templates', body),
  update: (id: string, body: UpdateTemplate) => api.patch<TemplateDto>(`/api/v1/class-templates/${enc(id)}`, body),
  archive: (id: string) => api.post<TemplateDto>(`/api/v1/class-templates/${enc(id)}/archive`),
  unarchive: (id: string) => api.post<TemplateDto>(`/api/v1/class-templates/${enc(id)}/unarchive`),
  uploadBanner: (id: string, file: Blob) => api.upload<TemplateDto>('PUT', `/api/v1/class-templates/${enc(id)}/banner`, file),
  deleteBanner: (id: string) => api.del<TemplateDto>(`/api/v1/class-templates/${enc(id)}/banner`),
};

export function useTemplateList(archived: boolean) {
  return useQuery({ queryKey: listKey(archived), queryFn: () => templatesApi.list(archived), select: (d) => d.items });
}

/** What the server takes as a banner or photo (it checks the bytes too). */
export const imageAccept = 'image/png,image/jpeg,image/webp';
export const maxImageBytes = 2 * 1024 * 1024;
export const isAcceptedImage = (file: File) => imageAccept.split(',').includes(file.type);
