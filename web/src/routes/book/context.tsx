import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import type { PublicStudioDto } from '../../lib/contracts.ts';

export const PublicStudioContext = createContext<PublicStudioDto | null>(null);

export function usePublicStudioContext(): PublicStudioDto {
  const studio = useContext(PublicStudioContext);
  if (!studio) throw new Error('usePublicStudioContext outside PublicLayout');
  return studio;
}

/** The signed-in customer of this studio (`null` when signed out). */
export function useMe(slug: string) {
  return useQuery({ queryKey: meKey(slug), queryFn: () => customerAccountApi.me(slug), staleTime: 60_000 });
}
