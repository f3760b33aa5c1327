import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type {
  PublicClassDetailDto,
  PublicClassDto,
  PublicScheduleDto,
  PublicSeriesDto,
} from '../../../../src/modules/schedule/public/contracts.ts';

export type { BookabilityDto, NamedDto, PublicClassDetailDto, PublicClassDto, PublicScheduleDto, PublicSeriesDto } from '../../../../src/modules/schedule/public/contracts.ts';

const enc = encodeURIComponent;
const base = (slug: string) => `/api/public/v1/studios/${enc(slug)}`;

export interface ScheduleFilters {
  locationId?: string | undefined;
  teacherId?: string | undefined;
  templateId?: string | undefined;
}

/** The public schedule: no login, the studio by its slug. */
export const publicScheduleApi = {
  schedule: (slug: string, from: string, days: number, filters: ScheduleFilters, signal?: AbortSignal) =>
    api.get<PublicScheduleDto>(`${base(slug)}/schedule`, { from, days, ...filters }, signal),
  class: (slug: string, id: string, key?: string | null) => api.get<PublicClassDetailDto>(`${base(slug)}/classes/${enc(id)}`, { key }),
  series: (slug: string, id: string, key?: string | null) => api.get<PublicSeriesDto>(`${base(slug)}/series/${enc(id)}`, { key }),
  /** "Add to my calendar": the one-class .ics (served by the calendar feeds). */
  calendarUrl: (slug: string, id: string, key?: string | null) =>
    `${base(slug)}/classes/${enc(id)}/calendar.ics${key ? `?key=${enc(key)}` : ''}`,
};

export function usePublicSchedule(slug: string, from: string, days: number, filters: ScheduleFilters) {
  return useQuery({
    queryKey: ['public-schedule', slug, from, days, filters],
    queryFn: ({ signal }) => publicScheduleApi.schedule(slug, from, days, filters, signal),
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
}

export function usePublicClass(slug: string, id: string, key: string | null) {
  return useQuery({ queryKey: ['public-class', slug, id, key], queryFn: () => publicScheduleApi.class(slug, id, key), retry: false });
}

export function usePublicSeries(slug: string, id: string, key: string | null) {
  return useQuery({ queryKey: ['public-series', slug, id, key], queryFn: () => publicScheduleApi.series(slug, id, key), retry: false });
}

export type { PublicClassDto as ClassItem };
