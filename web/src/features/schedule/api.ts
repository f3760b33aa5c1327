import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api.ts';
import type {
  AddSeriesDateResult,
  CancelOccurrence,
  ConflictDto,
  CreateSeries,
  CreateSeriesResult,
  EditFollowing,
  EditFollowingResult,
  ListOccurrencesQuery,
  OccurrenceDetailDto,
  OccurrenceDto,
  ScheduleDate,
  SeriesDto,
  Substitute,
  TeacherDto,
  TemplateDto,
  UpdateOccurrence,
} from '../../../../src/modules/schedule/contracts.ts';

export type {
  ConflictDto,
  CreateSeries,
  CreateSeriesResult,
  EditFollowing,
  EditFollowingResult,
  EventKind,
  OccurrenceDetailDto,
  OccurrenceDto,
  ScheduleDate,
  SeriesDto,
  TeacherDto,
  TemplateDto,
  UpdateOccurrence,
  Visibility,
} from '../../../../src/modules/schedule/contracts.ts';

const enc = encodeURIComponent;

export const templatesKey = ['class-templates'] as const;
export const teachersKey = ['teachers'] as const;
export const occurrencesKey = ['occurrences'] as const;
export const occurrenceKey = (id: string) => ['occurrences', 'one', id] as const;
export const seriesKey = (id: string) => ['series', id] as const;

/** Staff: class series and their dated classes (occurrences). */
export const scheduleApi = {
  templates: () => api.get<{ items: TemplateDto[] }>('/api/v1/class-templates'),
  teachers: () => api.get<{ items: TeacherDto[] }>('/api/v1/teachers'),
  occurrences: (query: ListOccurrencesQuery, signal?: AbortSignal) =>
    api.get<{ items: OccurrenceDto[] }>('/api/v1/occurrences', { ...query }, signal),
  occurrence: (id: string) => api.get<OccurrenceDetailDto>(`/api/v1/occurrences/${enc(id)}`),
  createSeries: (body: CreateSeries) => api.post<CreateSeriesResult>('/api/v1/series', body),
  series: (id: string) => api.get<SeriesDto>(`/api/v1/series/${enc(id)}`),
  addDate: (seriesId: string, body: ScheduleDate & { confirmConflicts?: boolean }) =>
    api.post<AddSeriesDateResult>(`/api/v1/series/${enc(seriesId)}/dates`, body),
  update: (id: string, body: UpdateOccurrence) => api.patch<OccurrenceDetailDto>(`/api/v1/occurrences/${enc(id)}`, body),
  remove: (id: string) => api.del<unknown>(`/api/v1/occurrences/${enc(id)}`),
  editFollowing: (id: string, body: EditFollowing) =>
    api.post<EditFollowingResult>(`/api/v1/occurrences/${enc(id)}/edit-following`, body),
  substitute: (id: string, body: Substitute) => api.post<OccurrenceDetailDto>(`/api/v1/occurrences/${enc(id)}/substitute`, body),
  cancel: (id: string, body: CancelOccurrence) => api.post<OccurrenceDetailDto>(`/api/v1/occurrences/${enc(id)}/cancel`, body),
};

export function useTemplates(enabled = true) {
  return useQuery({ queryKey: templatesKey, queryFn: scheduleApi.templates, enabled, select: (d) => d.items.filter((t) => !t.archived) });
}

export function useTeachers(enabled = true) {
  return useQuery({ queryKey: teachersKey, queryFn: scheduleApi.teachers, enabled, select: (d) => d.items });
}

export function useOccurrence(id: string | null) {
  return useQuery({ queryKey: occurrenceKey(id ?? ''), queryFn: () => scheduleApi.occurrence(id!), enabled: !!id });
}

/** The classes a `schedule_conflict` problem lists (a teacher or room already busy then), or null for any other error. */
export function conflictsOf(error: unknown): ConflictDto[] | null {
  if (!(error instanceof ApiError) || error.code !== 'schedule_conflict') return null;
  const list = error.details['conflicts'];
  return Array.isArray(list) ? (list as ConflictDto[]) : [];
}
