import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { CancelService } from './service.ts';

/**
 * A class the studio cancelled (schedule's `class.cancelled.v1`): every place in it ends with a
 * full refund by how it was paid, and `booking.class_cancelled.v1` per customer carries the
 * note and the refundNotice for messaging. The receipt makes a redelivered event a no-op; the
 * guarded status change would too.
 */
export function classCancelledSubscriber(cancel: Pick<CancelService, 'onClassCancelled'>) {
  return defineSubscriber({
    name: 'booking.class-cancelled',
    events: ['class.cancelled.v1'],
    handle: (tx, event, ctx) => cancel.onClassCancelled(tx, event, ctx),
  });
}
