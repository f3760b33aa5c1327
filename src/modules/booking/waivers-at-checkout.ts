import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { WaiversService } from '../waivers/index.ts';
import { BookingError } from './errors.ts';

/** How a waiver version is named at checkout (the waivers module numbers versions per waiver). */
export const waiverVersionId = (waiverId: string, version: number) => `${waiverId}:${version}`;

export interface WaiverCheckout {
  by: 'customer' | 'staff';
  /** Who attends (signs for themselves, or the parent signs the child waiver). */
  attendeeId: string;
  payerId: string;
  acceptedWaiverVersionIds: readonly string[];
}

/**
 * The waivers the attendee must have signed before booking or registering (customer waiver;
 * child waiver for a child), accepting those ticked at this checkout. A customer with one left
 * gets `waiver_required` with the texts to show; staff at the desk sign only what was ticked
 * (the rest is the customer's to sign, by link or at their next online booking).
 */
export async function settleWaivers(waivers: Pick<WaiversService, 'pendingFor' | 'acceptAtCheckout'>, tx: Tx, ctx: Ctx, r: WaiverCheckout, signerName: string): Promise<void> {
  if (r.by === 'staff' && r.acceptedWaiverVersionIds.length === 0) return;
  const purpose = r.attendeeId === r.payerId ? 'class_booking' : 'child_booking';
  const pending = await waivers.pendingFor(ctx, r.attendeeId, purpose, tx);
  const missing = [];
  for (const w of pending) {
    if (r.acceptedWaiverVersionIds.includes(waiverVersionId(w.waiverId, w.version))) {
      await waivers.acceptAtCheckout(tx, ctx, { customerId: r.attendeeId, waiverId: w.waiverId, version: w.version, signerId: r.payerId, signerName });
    } else missing.push(w);
  }
  if (missing.length > 0 && r.by === 'customer') {
    throw new BookingError(
      'waiver_required',
      `Accept the waiver first: ${missing.map((w) => w.title).join(', ')}.`,
      [{ path: 'acceptedWaiverVersionIds', message: 'Accept the waiver' }],
      { waivers: missing.map((w) => ({ waiverId: w.waiverId, versionId: waiverVersionId(w.waiverId, w.version), kind: w.kind, title: w.title, body: w.body })) },
    );
  }
}
