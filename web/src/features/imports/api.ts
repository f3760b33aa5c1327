import { api } from '../../lib/api.ts';
import type {
  ImportDto,
  ImportErrorDto,
  ImportPreviewDto,
  ImportTargetDto,
  ImportUploadDto,
  PreviewImport,
  StartImport,
} from '../../../../src/modules/customers/imports/contracts.ts';
import type { Page } from '../../lib/contracts.ts';

export type { ImportDto, ImportErrorDto, ImportPreviewDto, ImportTargetDto, ImportUploadDto, PreviewImport, StartImport };
export type DateFormat = ImportUploadDto['suggestion']['dateFormat'];
export type PresetId = NonNullable<ImportUploadDto['suggestion']['preset']>;

const enc = encodeURIComponent;

export const importsKey = ['customer-imports'] as const;
export const importKey = (id: string) => ['customer-imports', 'one', id] as const;
export const importErrorsKey = (id: string) => ['customer-imports', 'one', id, 'errors'] as const;

export const importsApi = {
  /** The file goes as it is (bytes, not text): the server detects its encoding. */
  upload: (file: File) =>
    api.upload<ImportUploadDto>('POST', `/api/v1/customers/imports?fileName=${enc(file.name)}`, new Blob([file], { type: 'text/csv' })),
  preview: (body: PreviewImport) => api.post<ImportPreviewDto>('/api/v1/customers/imports/preview', body),
  start: (body: StartImport) => api.post<ImportDto>('/api/v1/customers/imports/start', body),
  get: (id: string) => api.get<ImportDto>(`/api/v1/customers/imports/${enc(id)}`),
  list: (cursor: string | null) => api.get<Page<ImportDto>>('/api/v1/customers/imports', { cursor, limit: 10 }),
  errors: (id: string, cursor: string | null) => api.get<Page<ImportErrorDto>>(`/api/v1/customers/imports/${enc(id)}/errors`, { cursor, limit: 50 }),
  errorsCsvUrl: (id: string) => `/api/v1/customers/imports/${enc(id)}/errors.csv`,
};

export const isRunning = (i: ImportDto) => i.status === 'pending' || i.status === 'running';
