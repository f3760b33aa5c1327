import type { Clock } from './clock.ts';
import type { StudioId, UserId, ApiKeyId } from './ids.ts';

export type StaffRole = 'admin' | 'operator' | 'front_desk' | 'teacher';
export const staffRoles = ['admin', 'operator', 'front_desk', 'teacher'] as const satisfies readonly StaffRole[];

/** Who is acting. The studio always comes from here, never from a request body. */
export type Actor =
  | { kind: 'staff'; userId: UserId; role: StaffRole }
  | { kind: 'customer'; userId: UserId; customerId: string }
  | { kind: 'api_key'; apiKeyId: ApiKeyId; role: StaffRole }
  | { kind: 'anonymous' }
  | { kind: 'system' };

/** Everything a use case needs to know about the call it serves. */
export interface Ctx {
  studioId: StudioId;
  actor: Actor;
  clock: Clock;
  requestId: string;
}

export function actorUserId(actor: Actor): UserId | null {
  return actor.kind === 'staff' || actor.kind === 'customer' ? actor.userId : null;
}
