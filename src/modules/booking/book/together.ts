import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { insertRows } from '../../../platform/db/statements.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { BookingDto, BookingPayment, BookingResultDto, BookingSettingsDto } from '../contracts.ts';
import { bookingEvent } from '../events.ts';
import { eventBase } from '../facts.ts';
import * as repo from '../repo.ts';
import { bookings } from '../schema.ts';

/** A booking the batch wrote, as the API answers it (dto.ts's shape; nothing paid, no plan, spot or order). */
function answerOf(row: typeof bookings.$inferInsert, cls: repo.ClassRow, person: { firstName: string; lastName: string }, waitlistPosition: number | null): BookingDto {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    occurrenceId: row.occurrenceId,
    customerId: row.customerId,
    customerName: [person.firstName, person.lastName].filter(Boolean).join(' '),
    payerId: row.payerId,
    status: row.status as BookingDto['status'],
    source: row.source as BookingDto['source'],
    paymentMethod: (row.paymentMethod ?? null) as BookingDto['paymentMethod'],
    membershipId: null,
    membershipName: null,
    orderId: null,
    paidMinor: 0,
    currency: row.currency ?? null,
    discountCode: null,
    spotLabel: null,
    registrationId: null,
    waitlistPosition,
    offerExpiresAt: null,
    bookedAt: iso(row.bookedAt),
    checkedInAt: null,
    cancelledAt: null,
    refundKind: null,
    refundMinor: 0,
    noShowAt: null,
    createdAt: iso(row.createdAt)!,
    class: { name: cls.name, startsAt: cls.startsAt.toISOString(), endsAt: cls.endsAt.toISOString(), timeZone: cls.timeZone, locationName: cls.locationName, status: 'scheduled' },
  };
}

/** The part of a booking request the batch looks at (service.ts's BookRequest). */
export interface TogetherRequest {
  by: 'staff' | 'customer';
  occurrenceId: string;
  payerId: string;
  attendeeId: string;
  payment: BookingPayment;
  autoCheckIn: boolean;
  spotLabel: string | undefined;
  discountCode: string | undefined;
  acceptedWaiverVersionIds: string[];
  answers: Record<string, unknown>;
  joinWaitlistIfFull: boolean;
}

const moneyMethods = new Set<string>(['card', 'prepaid_credit', 'cash', 'terminal']);
const batchable = new Set<string>(['free', 'complimentary', ...moneyMethods]);

/**
 * Whether a request may go through a batch: a staff booking of one customer for themselves, paid
 * nothing (free, complimentary, or a money method on a class that costs nothing), with no spot,
 * discount code, waiver, answer or auto check-in. Everything else (and every request the batch
 * finds anything unusual about) is booked one by one by the ordinary path.
 */
export function canBookTogether(r: TogetherRequest): boolean {
  return (
    r.by === 'staff' &&
    r.attendeeId === r.payerId &&
    r.spotLabel === undefined &&
    r.discountCode === undefined &&
    !r.autoCheckIn &&
    r.acceptedWaiverVersionIds.length === 0 &&
    Object.keys(r.answers).length === 0 &&
    batchable.has(r.payment.method)
  );
}

interface Item {
  ctx: Ctx;
  r: TogetherRequest;
  key: string;
  resolve(value: BookingResultDto): void;
  reject(err: unknown): void;
}

export interface TogetherDeps {
  database: Database;
  settings: { get(tx: Tx, ctx: Ctx): Promise<BookingSettingsDto> };
  /** A booking became `booked` (book's hooks, read when called). */
  onBooked(): ((tx: Tx, ctx: Ctx, booking: repo.BookingRow, occurrence: { id: string; startsAt: Date; endsAt: Date }) => Promise<void>) | undefined;
  /** The ordinary one-by-one booking: what every request the batch does not book goes through. */
  alone(ctx: Ctx, r: TogetherRequest, key: string): Promise<BookingResultDto>;
  /** Most requests in one transaction (default 250). */
  maxBatch?: number;
  /** Batches of one studio running at once (default 2). */
  parallel?: number;
}

/**
 * Group commit for booking rushes (ADR 0006). Per studio, at most two batch transactions run at
 * once; the requests that arrive meanwhile wait and go together in the next one, in arrival order:
 * one read of their classes, people and existing places, one lock of the classes' rows, the spots
 * taken by arithmetic under that lock (the first arrivals get them, never past capacity), one
 * insert of every booking and waitlist entry (the waitlist's arrival order taken from the
 * sequence in arrival order), one read of their answers and one insert of their events. A request
 * alone (no rush) is booked at once, in a batch of one.
 *
 * The batch books only what it can book without a doubt. A request it cannot (a class not
 * scheduled or over, a price to pay, an unknown customer, a customer already in the class or twice
 * in the batch, a full class without a waitlist) is handed to the ordinary path after the batch
 * commits, which books it or refuses it with its usual error. If the batch transaction fails
 * (a concurrent booking of the same customer hit the unique index, say), every request of it goes
 * the ordinary path: nothing of the batch was written.
 */
export function createBookTogether(deps: TogetherDeps) {
  const maxBatch = deps.maxBatch ?? 250;
  const parallel = deps.parallel ?? 2;
  /** Per studio: the requests waiting, the batches running, and when the last one started has its classes locked. */
  interface Queue {
    items: Item[];
    running: number;
    lastLocked: Promise<void>;
  }
  const queues = new Map<string, Queue>();

  function submit(ctx: Ctx, r: TogetherRequest, key: string): Promise<BookingResultDto> {
    return new Promise<BookingResultDto>((resolve, reject) => {
      let queue = queues.get(ctx.studioId);
      if (!queue) queues.set(ctx.studioId, (queue = { items: [], running: 0, lastLocked: Promise.resolve() }));
      queue.items.push({ ctx, r, key, resolve, reject });
      pump(ctx.studioId, queue);
    });
  }

  function pump(studioId: StudioId, queue: Queue) {
    while (queue.running < parallel && queue.items.length > 0) {
      const items = queue.items.splice(0, maxBatch);
      const previousLocked = queue.lastLocked;
      let locked!: () => void;
      queue.lastLocked = new Promise<void>((r) => (locked = r));
      queue.running++;
      void runBatch(studioId, items, previousLocked, locked).finally(() => {
        queue.running--;
        if (queue.running === 0 && queue.items.length === 0) queues.delete(studioId);
        else pump(studioId, queue);
      });
    }
  }

  /**
   * One batch. Two may run at once (the next one reads while the previous one writes), but a
   * batch asks for its classes' locks only once the batch started before it holds its own: the
   * earlier arrivals always take spots and waitlist numbers first.
   */
  async function runBatch(studioId: StudioId, items: Item[], previousLocked: Promise<void>, locked: () => void) {
    let booked: (BookingDto | null)[];
    try {
      booked = await withStudio(deps.database, studioId, (tx) => bookAll(tx, items, previousLocked, locked));
    } catch {
      // Nothing was written: each request goes the ordinary way, which explains any refusal.
      booked = items.map(() => null);
    } finally {
      locked();
    }
    items.forEach((item, i) => {
      const dto = booked[i];
      if (dto) item.resolve({ booking: dto, payment: null });
      else deps.alone(item.ctx, item.r, item.key).then(item.resolve, item.reject);
    });
  }

  /** Books what it can of `items` in `tx`; null for a request left to the ordinary path. */
  async function bookAll(tx: Tx, items: Item[], previousLocked: Promise<void>, locked: () => void): Promise<(BookingDto | null)[]> {
    const out: (BookingDto | null)[] = items.map(() => null);
    const ctx = items[0]!.ctx;
    const classIds = [...new Set(items.map((it) => it.r.occurrenceId))];
    const customerIds = [...new Set(items.map((it) => it.r.attendeeId))];
    const classes = await repo.findClasses(tx, ctx, classIds);
    const people = await repo.findPeople(tx, ctx, customerIds);
    // The classes' rows locked (in id order, after the batch before this one locked its own), then
    // the places already there read: a batch that ran before on these classes has committed.
    await previousLocked;
    const locks = await repo.lockClasses(tx, ctx, classIds);
    locked();
    const taken = await repo.activePairs(tx, ctx, items.map((it) => ({ occurrenceId: it.r.occurrenceId, customerId: it.r.attendeeId })));

    // The checks of the ordinary path, on what was read: a request that fails one goes that way.
    type Candidate = { i: number; item: Item; cls: repo.ClassRow; method: string; now: Date };
    const candidates: Candidate[] = [];
    items.forEach((item, i) => {
      const { r } = item;
      const cls = classes.get(r.occurrenceId);
      const now = item.ctx.clock.now();
      if (!cls || cls.status !== 'scheduled' || now.getTime() >= cls.endsAt.getTime()) return;
      let method = r.payment.method;
      if (method === 'free' && cls.priceMinor > 0) return;
      if (moneyMethods.has(method)) {
        if (cls.priceMinor > 0) return;
        method = 'free';
      }
      if (!people.has(r.attendeeId)) return;
      const pair = `${cls.id} ${r.attendeeId}`;
      if (taken.has(pair)) return;
      taken.add(pair);
      candidates.push({ i, item, cls, method, now });
    });
    if (candidates.length === 0) return out;

    // The spots: the first arrivals take what is free under the lock.
    const free = new Map([...locks].map(([id, o]) => [id, o.status === 'scheduled' ? Math.max(0, o.capacity - o.bookedCount) : -1]));
    const spots = new Map<string, number>();
    const seated: Candidate[] = [];
    const waiting: Candidate[] = [];
    let settings: BookingSettingsDto | undefined;
    for (const c of candidates) {
      const left = free.get(c.cls.id) ?? -1;
      if (left < 0) continue; // no longer scheduled
      if (left > 0) {
        free.set(c.cls.id, left - 1);
        spots.set(c.cls.id, (spots.get(c.cls.id) ?? 0) + 1);
        seated.push(c);
        continue;
      }
      settings ??= await deps.settings.get(tx, ctx);
      if (settings.waitlistEnabled && c.item.r.joinWaitlistIfFull) waiting.push(c);
    }
    // Under the lock every class takes what was counted free; anything else undoes the batch.
    if (spots.size > 0 && (await repo.addBooked(tx, ctx, [...spots.keys()], [...spots.values()])) !== spots.size) throw new Error('booking batch: a class changed under its lock');
    const seqs = waiting.length > 0 ? await repo.nextWaitlistSeqs(tx, waiting.length) : [];
    const seqOf = new Map(waiting.map((c, k) => [c, seqs[k]!]));
    // Places in line: those already waiting (read under the lock), then this batch's in arrival order.
    const inLine = waiting.length > 0 ? await repo.waitingCounts(tx, ctx, [...new Set(waiting.map((c) => c.cls.id))]) : new Map<string, number>();
    const positionOf = new Map<Candidate, number>();
    for (const c of [...waiting].sort((a, b) => a.i - b.i)) {
      const n = (inLine.get(c.cls.id) ?? 0) + 1;
      inLine.set(c.cls.id, n);
      positionOf.set(c, n);
    }

    const rows = [...seated, ...waiting]
      .sort((a, b) => a.i - b.i)
      .map((c) => {
        const isSeated = !seqOf.has(c);
        return {
          c,
          row: {
            studioId: ctx.studioId,
            id: newId('booking'),
            occurrenceId: c.cls.id,
            customerId: c.item.r.attendeeId,
            payerId: c.item.r.payerId,
            status: isSeated ? 'booked' : 'waitlisted',
            source: 'staff',
            paymentMethod: isSeated ? c.method : null,
            membershipId: null,
            currency: c.cls.currency,
            discountCode: null,
            spotLabel: null,
            waitlistSeq: seqOf.get(c) ?? null,
            bookedAt: isSeated ? c.now : null,
            checkedInAt: null,
            checkedInBy: null,
            createdBy: actorUserId(c.item.ctx.actor),
            createdAt: c.now,
            updatedAt: c.now,
          },
        };
      });
    if (rows.length === 0) return out;
    await insertRows(tx, bookings, rows.map((x) => x.row));
    // The answers, from what the batch read and wrote (the shape dto.ts's bookingDtos reads back).
    const dtos = new Map(rows.map(({ c, row }) => [row.id, answerOf(row, c.cls, people.get(row.customerId)!, positionOf.get(c) ?? null)]));

    // The events, in arrival order, published as each request's caller.
    const byActor = new Map<string, { ctx: Ctx; events: DomainEvent[] }>();
    const onBooked = deps.onBooked();
    for (const { c, row } of rows) {
      const base = eventBase(row, c.cls);
      const events: DomainEvent[] =
        row.status === 'booked'
          ? [
              bookingEvent('booking.created.v1', row.id, {
                ...base,
                paymentMethod: row.paymentMethod,
                membershipId: null,
                planId: null,
                source: 'staff',
                discountCode: null,
                paidMinor: 0,
                currency: row.currency,
              }),
              bookingEvent('booking.created_without_membership.v1', row.id, { ...base, paymentMethod: row.paymentMethod! }),
            ]
          : [bookingEvent('waitlist.joined.v1', row.id, { ...base, position: dtos.get(row.id)?.waitlistPosition ?? 0 })];
      const actor = c.item.ctx.actor;
      const key = `${actor.kind}:${actorUserId(actor) ?? ''}:${'apiKeyId' in actor ? actor.apiKeyId : ''}`;
      let group = byActor.get(key);
      if (!group) byActor.set(key, (group = { ctx: c.item.ctx, events: [] }));
      group.events.push(...events);
      out[c.i] = dtos.get(row.id) ?? null;
    }
    for (const group of byActor.values()) await publish(tx, group.ctx, ...group.events);
    if (onBooked) {
      for (const { c, row } of rows) {
        if (row.status !== 'booked') continue;
        const b = await repo.findBooking(tx, c.item.ctx, row.id);
        await onBooked(tx, c.item.ctx, b!, { id: c.cls.id, startsAt: c.cls.startsAt, endsAt: c.cls.endsAt });
      }
    }
    return out;
  }

  return { submit };
}
