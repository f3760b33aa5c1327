import type { SessionInfo } from '../lib/contracts.ts';

/**
 * Permission names as in the server's table (src/modules/identity/permissions.ts). The UI only
 * hides what the role can't use; the server enforces every route regardless.
 */
export type Permission =
  | 'studio:read'
  | 'studio:write'
  | 'locations:read'
  | 'locations:write'
  | 'staff:read'
  | 'staff:write'
  | 'api_keys:manage'
  | 'customers:read'
  | 'customers:write'
  | 'customers:import'
  | 'customers:delete'
  | 'customers:export'
  | 'waivers:read'
  | 'waivers:write'
  | 'waivers:manage'
  | 'customers:settings'
  | 'messages:read'
  | 'messages:templates'
  | 'messages:settings'
  | 'messages:inbox'
  | 'messages:send'
  | 'schedule:read'
  | 'schedule:edit'
  | 'schedule:write'
  | 'schedule:settings'
  | 'memberships:read'
  | 'memberships:write'
  | 'memberships:settings'
  | 'commerce:read'
  | 'commerce:sell'
  | 'commerce:refund'
  | 'commerce:settings'
  | 'payments:settings'
  | 'booking:read'
  | 'booking:write'
  | 'booking:checkin'
  | 'booking:settings'
  | 'booking:waive';

export function can(session: SessionInfo | null | undefined, permission: Permission): boolean {
  return !!session?.permissions.includes(permission);
}
