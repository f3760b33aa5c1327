import { api, request } from '../../lib/api.ts';
import type { CustomerDocumentDto, CustomerDocumentList } from '../../../../src/modules/customers/documents/contracts.ts';
import type {
  DeletePreviewDto,
  DeleteResultDto,
  MergeCustomers,
  MergePreviewDto,
  MergeResultDto,
} from '../../../../src/modules/customers/records/contracts.ts';

export type { CustomerDocumentDto, DeletePreviewDto, MergePreviewDto };
export type MergeChoices = NonNullable<MergeCustomers['keep']>;
export type ProfileField = MergePreviewDto['fields'][number]['field'];

/** The server refuses larger uploads (documents/contracts.ts). */
export const maxDocumentBytes = 20 * 1024 * 1024;

const enc = encodeURIComponent;
const customer = (id: string) => `/api/v1/customers/${enc(id)}`;

export const documentsKey = (id: string) => ['customers', 'one', id, 'documents'] as const;

/** A file name the server accepts: no path or characters that some systems refuse in names. */
export function uploadableName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim().slice(-200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}

export const recordsApi = {
  documents: (id: string) => api.get<CustomerDocumentList>(`${customer(id)}/documents`),
  upload: (id: string, file: File) =>
    request<CustomerDocumentDto>('POST', `${customer(id)}/documents`, { query: { fileName: uploadableName(file.name) }, raw: file }),
  deleteDocument: (id: string, documentId: string) => api.del<{ ok: true }>(`${customer(id)}/documents/${enc(documentId)}`),
  /** Same-origin GET: the session cookie authorises it, so a plain link downloads the file. */
  downloadUrl: (id: string, documentId: string) => `${customer(id)}/documents/${enc(documentId)}/download`,
  mergePreview: (id: string, fromId: string) => api.get<MergePreviewDto>(`${customer(id)}/merge-preview`, { from: fromId }),
  merge: (id: string, body: MergeCustomers) => api.post<MergeResultDto>(`${customer(id)}/merge`, body),
  deletePreview: (id: string) => api.get<DeletePreviewDto>(`${customer(id)}/delete-preview`),
  deleteCustomer: (id: string) => api.del<DeleteResultDto>(customer(id)),
  privacyExportUrl: (id: string) => `${customer(id)}/privacy-export`,
};
