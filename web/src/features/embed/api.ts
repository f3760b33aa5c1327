import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { EmbedSnippetsDto } from '../../../../src/modules/schedule/public/contracts.ts';

export type { EmbedSnippetsDto };

/** Staff: the snippets that put the public schedule on the studio's own website. */
export const embedApi = {
  snippets: () => api.get<EmbedSnippetsDto>('/api/v1/schedule/embed'),
};

export function useEmbedSnippets() {
  return useQuery({ queryKey: ['schedule-embed'], queryFn: embedApi.snippets });
}
