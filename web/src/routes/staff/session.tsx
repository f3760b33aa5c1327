import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../lib/contracts.ts';
import { can, type Permission } from '../../app/permissions.ts';

export const SessionContext = createContext<SessionInfo | null>(null);

/** The signed-in staff session; only used below `RequireSession`. */
export function useStaffSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useStaffSession outside RequireSession');
  return session;
}

export function useCan(permission: Permission): boolean {
  return can(useContext(SessionContext), permission);
}
