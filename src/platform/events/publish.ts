import type { Ctx } from '../../kernel/ctx.ts';
import { newId } from '../../kernel/ids.ts';
import type { Tx } from '../db/client.ts';
import { events } from './schema.ts';

export interface DomainEvent<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Past tense and versioned: `customer.created.v1`. */
  type: string;
  /** The row the event is about; it puts the event on that row's activity feed. */
  subjectId?: string | null;
  payload: P;
}

export interface StoredEvent extends DomainEvent {
  id: string;
  studioId: string;
  actorKind: string;
  actorId: string | null;
  occurredAt: Date;
}

function actorIdOf(ctx: Ctx): string | null {
  switch (ctx.actor.kind) {
    case 'staff':
    case 'customer':
      return ctx.actor.userId;
    case 'api_key':
      return ctx.actor.apiKeyId;
    case 'anonymous':
    case 'system':
      return null;
  }
}

/** Appends events in the caller's transaction: they exist if and only if the change commits. */
export async function publish(tx: Tx, ctx: Ctx, ...list: DomainEvent[]): Promise<void> {
  if (list.length === 0) return;
  const occurredAt = ctx.clock.now();
  await tx.insert(events).values(
    list.map((e) => ({
      studioId: ctx.studioId,
      id: newId('event'),
      type: e.type,
      subjectId: e.subjectId ?? null,
      actorKind: ctx.actor.kind,
      actorId: actorIdOf(ctx),
      payload: e.payload,
      occurredAt,
    })),
  );
}
