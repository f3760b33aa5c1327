import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { TeacherDto } from '../../../../src/modules/schedule/contracts.ts';

export type { TeacherDto };

const enc = encodeURIComponent;

/** The schedule pages cache the same list under this key (teacher pickers). */
export const teachersKey = ['teachers'] as const;

export const teachersApi = {
  list: () => api.get<{ items: TeacherDto[] }>('/api/v1/teachers'),
  update: (userId: string, body: { bio: string }) => api.patch<TeacherDto>(`/api/v1/teachers/${enc(userId)}`, body),
  uploadPhoto: (userId: string, file: Blob) => api.upload<TeacherDto>('PUT', `/api/v1/teachers/${enc(userId)}/photo`, file),
  deletePhoto: (userId: string) => api.del<TeacherDto>(`/api/v1/teachers/${enc(userId)}/photo`),
};

export function useTeacherList() {
  return useQuery({ queryKey: teachersKey, queryFn: teachersApi.list, select: (d) => d.items });
}
