import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { PenaltiesService } from './service.ts';

/**
 * Late cancels and no-shows are counted against the studio's penalty rules when their events
 * arrive. The handler writes the penalty and queues its charge job in the delivery's
 * transaction; the unique (rule, booking) key makes a redelivered or repeated event a no-op.
 */
export function penaltiesSubscriber(penalties: Pick<PenaltiesService, 'evaluate'>) {
  return defineSubscriber({
    name: 'booking.penalties',
    events: ['booking.late_cancelled.v1', 'booking.no_show.v1'],
    handle: (tx, event, ctx) => penalties.evaluate(tx, ctx, event),
  });
}
