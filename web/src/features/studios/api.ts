import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type {
  CreateLocation,
  CreateRoom,
  Items,
  LocationDto,
  PublicStudioDto,
  RoomDto,
  StudioDto,
  TimeZoneList,
  UpdateLocation,
  UpdateRoom,
  UpdateStudio,
} from '../../lib/contracts.ts';

export const studioKey = ['studio'] as const;
export const locationsKey = ['locations'] as const;
export const roomsKey = (locationId: string) => ['locations', locationId, 'rooms'] as const;

const enc = encodeURIComponent;

export const studioApi = {
  get: () => api.get<StudioDto>('/api/v1/studio'),
  update: (body: UpdateStudio) => api.patch<StudioDto>('/api/v1/studio', body),
  uploadLogo: (file: File) => api.upload<StudioDto>('PUT', '/api/v1/studio/logo', file),
  deleteLogo: () => api.del<StudioDto>('/api/v1/studio/logo'),
  timeZones: () => api.get<TimeZoneList>('/api/v1/time-zones'),
  publicStudio: (slug: string) => api.get<PublicStudioDto>(`/api/public/v1/studios/${enc(slug)}`),
};

export const locationsApi = {
  list: () => api.get<Items<LocationDto>>('/api/v1/locations'),
  create: (body: CreateLocation) => api.post<LocationDto>('/api/v1/locations', body),
  update: (id: string, body: UpdateLocation) => api.patch<LocationDto>(`/api/v1/locations/${enc(id)}`, body),
  archive: (id: string) => api.post<LocationDto>(`/api/v1/locations/${enc(id)}/archive`),
  unarchive: (id: string) => api.post<LocationDto>(`/api/v1/locations/${enc(id)}/unarchive`),
  rooms: (id: string) => api.get<Items<RoomDto>>(`/api/v1/locations/${enc(id)}/rooms`),
  createRoom: (locationId: string, body: CreateRoom) => api.post<RoomDto>(`/api/v1/locations/${enc(locationId)}/rooms`, body),
  updateRoom: (id: string, body: UpdateRoom) => api.patch<RoomDto>(`/api/v1/rooms/${enc(id)}`, body),
  archiveRoom: (id: string) => api.post<RoomDto>(`/api/v1/rooms/${enc(id)}/archive`),
  unarchiveRoom: (id: string) => api.post<RoomDto>(`/api/v1/rooms/${enc(id)}/unarchive`),
};

/** The studio of the signed-in staff member; `enabled: false` for roles that may not read it. */
export function useStudio(enabled = true) {
  return useQuery({ queryKey: studioKey, queryFn: studioApi.get, enabled, staleTime: 5 * 60_000 });
}

export function useTimeZones() {
  return useQuery({
    queryKey: ['time-zones'],
    queryFn: studioApi.timeZones,
    staleTime: Number.POSITIVE_INFINITY,
    select: (data) => data.timeZones,
  });
}

export function useLocations(enabled = true) {
  return useQuery({ queryKey: locationsKey, queryFn: locationsApi.list, enabled, select: (data) => data.items });
}

export function usePublicStudio(slug: string) {
  return useQuery({ queryKey: ['public-studio', slug], queryFn: () => studioApi.publicStudio(slug), staleTime: 5 * 60_000 });
}
