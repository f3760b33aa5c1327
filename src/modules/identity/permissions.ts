import type { Actor, StaffRole } from '../../kernel/ctx.ts';

/**
 * The source of truth for what each staff role may do (DESIGN.md §4). Every route names
 * one of these permissions (or `staff`, `customer`, `public`); a test walks every route
 * with every role against this table.
 */
export const rolePermissions = {
  admin: [
    'studio:read',
    'studio:write',
    'locations:read',
    'locations:write',
    'staff:read',
    'staff:write',
    'api_keys:manage',
    'customers:read',
    'customers:write',
    'customers:import',
    'customers:export',
    'customers:delete',
    'customers:settings',
    'waivers:read',
    'waivers:write',
    'waivers:manage',
    'messages:read',
    'messages:templates',
    'messages:inbox',
    'messages:settings',
    'messages:send',
    'schedule:read',
    'schedule:edit',
    'schedule:write',
    'schedule:settings',
    'memberships:read',
    'memberships:write',
    'memberships:settings',
    'commerce:read',
    'commerce:sell',
    'commerce:refund',
    'commerce:settings',
    'payments:settings',
    'booking:read',
    'booking:write',
    'booking:checkin',
    'booking:settings',
    'booking:waive',
  ],
  operator: [
    'studio:read',
    'studio:write',
    'locations:read',
    'locations:write',
    'staff:read',
    'customers:read',
    'customers:write',
    'customers:import',
    'customers:export',
    'customers:delete',
    'customers:settings',
    'waivers:read',
    'waivers:write',
    'waivers:manage',
    'messages:read',
    'messages:templates',
    'messages:inbox',
    'messages:settings',
    'messages:send',
    'schedule:read',
    'schedule:edit',
    'schedule:write',
    'schedule:settings',
    'memberships:read',
    'memberships:write',
    'memberships:settings',
    'commerce:read',
    'commerce:sell',
    'commerce:refund',
    'commerce:settings',
    'booking:read',
    'booking:write',
    'booking:checkin',
    'booking:settings',
    'booking:waive',
  ],
  front_desk: [
    'studio:read',
    'locations:read',
    'staff:read',
    'customers:read',
    'customers:write',
    'waivers:read',
    'waivers:write',
    'messages:read',
    'messages:inbox',
    'schedule:read',
    'memberships:read',
    'memberships:write',
    'commerce:read',
    'commerce:sell',
    'booking:read',
    'booking:write',
    'booking:checkin',
  ],
  // Teachers see and edit only their own classes, and see and check in only their own rosters:
  // the schedule and booking services check the occurrence's teacher.
  teacher: ['studio:read', 'locations:read', 'schedule:read', 'schedule:edit', 'booking:read', 'booking:checkin'],
} as const satisfies Record<StaffRole, readonly string[]>;

export type Permission = (typeof rolePermissions)[StaffRole][number];

export const allPermissions: readonly Permission[] = [...new Set(Object.values(rolePermissions).flat())];

export function permissionsOf(role: StaffRole): readonly Permission[] {
  return rolePermissions[role];
}

export function roleCan(role: StaffRole, permission: string): boolean {
  return (rolePermissions[role] as readonly string[]).includes(permission);
}

/** Customers and anonymous callers hold no staff permission. */
export function actorCan(actor: Actor, permission: string): boolean {
  if (actor.kind === 'staff' || actor.kind === 'api_key') return roleCan(actor.role, permission);
  return actor.kind === 'system';
}
