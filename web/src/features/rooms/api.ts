import { api } from '../../lib/api.ts';
import type { RoomDto, SpotMapInput } from '../../../../src/modules/studios/contracts.ts';

export type { RoomDto, SpotMapInput };
export type SpotMap = NonNullable<RoomDto['spotMap']>;
export type SpotCell = SpotMap['cells'][number];

const enc = encodeURIComponent;

export const spotMapApi = {
  save: (roomId: string, map: SpotMapInput) => api.put<RoomDto>(`/api/v1/rooms/${enc(roomId)}/spot-map`, map),
  remove: (roomId: string) => api.del<RoomDto>(`/api/v1/rooms/${enc(roomId)}/spot-map`),
};
