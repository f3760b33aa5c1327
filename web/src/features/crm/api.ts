import { api } from '../../lib/api.ts';
import type { Ok } from '../../lib/contracts.ts';
import type {
  AddCustomerTag,
  CreateTag,
  TagColor,
  TagDto,
  TagWithCountDto,
  UpdateTag,
} from '../../../../src/modules/customers/tags/contracts.ts';
import type {
  BadgeDto,
  CreateField,
  FieldAnswerDto,
  FieldDto,
  FieldValueDto,
  UpdateField,
} from '../../../../src/modules/customers/fields/contracts.ts';
import type { CreateNote, NoteDto, NotePage, UpdateNote } from '../../../../src/modules/customers/notes/contracts.ts';

export type { BadgeDto, CreateField, FieldAnswerDto, FieldDto, FieldValueDto, NoteDto, TagColor, TagDto, TagWithCountDto, UpdateField };

/** Mantine palette names a tag may take (the server's list, repeated here because contracts are imported as types only). */
export const tagColors: TagColor[] = ['gray', 'dark', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'];
export const fieldKinds: FieldDto['kind'][] = ['text', 'number', 'date', 'choice', 'multi_choice', 'checkbox'];

interface Items<T> {
  items: T[];
}

const enc = encodeURIComponent;
const customer = (id: string) => `/api/v1/customers/${enc(id)}`;

export const tagsKey = ['crm', 'tags'] as const;
export const fieldsKey = ['crm', 'fields'] as const;
export const customerTagsKey = (id: string) => ['customers', 'one', id, 'tags'] as const;
export const customerFieldsKey = (id: string) => ['customers', 'one', id, 'fields'] as const;
export const badgesKey = (id: string) => ['customers', 'one', id, 'badges'] as const;
export const notesKey = (id: string) => ['customers', 'one', id, 'notes'] as const;

/** Staff: the studio's tags and custom fields, and one customer's tags, answers, badges and notes. */
export const crmApi = {
  tags: () => api.get<Items<TagWithCountDto>>('/api/v1/customer-tags'),
  createTag: (body: CreateTag) => api.post<TagDto>('/api/v1/customer-tags', body),
  updateTag: (id: string, body: UpdateTag) => api.patch<TagDto>(`/api/v1/customer-tags/${enc(id)}`, body),
  deleteTag: (id: string) => api.del<Ok>(`/api/v1/customer-tags/${enc(id)}`),

  fields: (archived = false) => api.get<Items<FieldDto>>('/api/v1/customer-fields', { archived: archived ? 'true' : 'false' }),
  createField: (body: CreateField) => api.post<FieldDto>('/api/v1/customer-fields', body),
  updateField: (id: string, body: UpdateField) => api.patch<FieldDto>(`/api/v1/customer-fields/${enc(id)}`, body),
  reorderFields: (ids: string[]) => api.put<Items<FieldDto>>('/api/v1/customer-fields/order', { ids }),

  customerTags: (id: string) => api.get<Items<TagDto>>(`${customer(id)}/tags`),
  addCustomerTag: (id: string, body: AddCustomerTag) => api.post<Items<TagDto>>(`${customer(id)}/tags`, body),
  removeCustomerTag: (id: string, tagId: string) => api.del<Items<TagDto>>(`${customer(id)}/tags/${enc(tagId)}`),
  answers: (id: string) => api.get<Items<FieldAnswerDto>>(`${customer(id)}/fields`),
  setAnswers: (id: string, values: Record<string, FieldValueDto>) => api.patch<Items<FieldAnswerDto>>(`${customer(id)}/fields`, { values }),
  badges: (id: string) => api.get<Items<BadgeDto>>(`${customer(id)}/badges`),

  notes: (id: string, cursor: string | null) => api.get<NotePage>(`${customer(id)}/notes`, { cursor }),
  addNote: (id: string, body: CreateNote) => api.post<NoteDto>(`${customer(id)}/notes`, body),
  updateNote: (id: string, noteId: string, body: UpdateNote) => api.patch<NoteDto>(`${customer(id)}/notes/${enc(noteId)}`, body),
  deleteNote: (id: string, noteId: string) => api.del<Ok>(`${customer(id)}/notes/${enc(noteId)}`),
};

export const myFieldsKey = (slug: string) => ['me', slug, 'fields'] as const;
const me = (slug: string) => `/api/public/v1/studios/${enc(slug)}/me`;

/** The signed-in customer's own answers to the fields they may edit. */
export const myFieldsApi = {
  answers: (slug: string) => api.get<Items<FieldAnswerDto>>(`${me(slug)}/fields`),
  save: (slug: string, values: Record<string, FieldValueDto>) => api.patch<Items<FieldAnswerDto>>(`${me(slug)}/fields`, { values }),
};
