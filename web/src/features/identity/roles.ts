import type { StaffRole } from '../../lib/contracts.ts';

export const staffRoles: StaffRole[] = ['admin', 'operator', 'front_desk', 'teacher'];
