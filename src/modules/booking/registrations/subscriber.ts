import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { RegistrationsService } from './service.ts';

/** Classes added to a semester or course (`class.scheduled.v2`) are booked for everyone registered to it. */
export function registrationClassesSubscriber(registrations: Pick<RegistrationsService, 'onClassesScheduled'>) {
  return defineSubscriber({
    name: 'booking.registration-classes',
    events: ['class.scheduled.v2'],
    handle: async (tx, event, ctx) => {
      const p = event.payload as { seriesId: string; occurrences: { occurrenceId: string }[] };
      await registrations.onClassesScheduled(
        tx,
        ctx,
        p.seriesId,
        p.occurrences.map((o) => o.occurrenceId),
      );
    },
  });
}
