import { api } from '../../lib/api.ts';
import type { ConnectVideoAccount, VideoAccountDto } from '../../../../src/modules/schedule/video/contracts.ts';

export type { ConnectVideoAccount, VideoAccountDto } from '../../../../src/modules/schedule/video/contracts.ts';

export const videoAccountKey = ['schedule', 'video-account'] as const;

/** Staff: the studio's video account for online classes (schedule:settings). */
export const videoApi = {
  account: () => api.get<VideoAccountDto>('/api/v1/video-account'),
  connect: (body: ConnectVideoAccount) => api.put<VideoAccountDto>('/api/v1/video-account', body),
  disconnect: () => api.del<{ ok: true }>('/api/v1/video-account'),
};
