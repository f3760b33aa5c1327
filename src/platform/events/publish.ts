import { sql } from 'drizzle-orm';
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
  // Many events (a year of classes) travel as one JSON parameter: binding 8 parameters per row
  // would cost more than the insert itself and hit the 65,535-parameter limit.
  if (list.length > manyEvents) {
    const rows = list.map((e) => [newId('event'), e.type, e.subjectId ?? null, e.payload]);
    await tx.execute(sql`
      insert into ${events} (studio_id, id, type, subject_id, actor_kind, actor_id, payload, occurred_at)
      select ${ctx.studioId}, e->>0, e->>1, e->>2, ${ctx.actor.kind}, ${actorIdOf(ctx)}, e->3, ${occurredAt.toISOString()}::timestamptz
        from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as e`);
    return;
  }
  // A statement template, not the builder: every change publishes (platform/db/statements.ts).
  const actorId = actorIdOf(ctx);
  const at = occurredAt.toISOString();
  const rows = list.map(
    (e) => sql`(${ctx.studioId}, ${newId('event')}, ${e.type}, ${e.subjectId ?? null}, ${ctx.actor.kind}, ${actorId}, ${JSON.stringify(e.payload)}::jsonb, ${at}::timestamptz)`,
  );
  await tx.execute(sql`insert into ${events} (studio_id, id, type, subject_id, actor_kind, actor_id, payload, occurred_at) values ${sql.join(rows, sql`, `)}`);
}

const manyEvents = 20;

/**
 * Appends one event per subject, all of one type and payload, in a single statement: a bulk
 * action on thousands of rows (tag 100,000 customers) would otherwise bind 8 parameters per
 * event and spend its time building and sending them. The rows travel as one JSON parameter.
 */
export async function publishForSubjects(
  tx: Tx,
  ctx: Ctx,
  event: { type: string; payload: Record<string, unknown> },
  subjectIds: readonly string[],
): Promise<void> {
  if (subjectIds.length === 0) return;
  const rows = subjectIds.map((subjectId) => [newId('event'), subjectId]);
  await tx.execute(sql`
    insert into ${events} (studio_id, id, type, subject_id, actor_kind, actor_id, payload, occurred_at)
    select ${ctx.studioId}, e->>0, ${event.type}, e->>1, ${ctx.actor.kind}, ${actorIdOf(ctx)},
           ${JSON.stringify(event.payload)}::jsonb, ${ctx.clock.now().toISOString()}::timestamptz
      from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as e`);
}
