import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { CustomersService } from '../../customers/index.ts';
import { ScheduleError, type ScheduleService } from '../../schedule/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { Locale } from '../catalogue.ts';
import { emailRecipient } from './common.ts';
import type { TemplateMailer } from './mailer.ts';
import { deservesNotice, isNoticeEvent, noticeTemplates, noticeValues, type NoticeFacts } from './values.ts';

export interface BookingNoticesDeps {
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  schedule: Pick<ScheduleService, 'getOccurrence'>;
  mailer: TemplateMailer;
  /** Enso's public address: links to the customer's pages. */
  publicUrl: string;
}

/** The class as the message names it, through the schedule's API; null when it was deleted since. */
async function classOf(deps: BookingNoticesDeps, tx: Tx, ctx: Ctx, occurrenceId: string): Promise<NoticeFacts['cls']> {
  try {
    const o = await deps.schedule.getOccurrence(ctx, occurrenceId, tx);
    return {
      name: o.name,
      startsAt: new Date(o.startsAt),
      timeZone: o.timeZone,
      locationName: o.locationName,
      occurrenceId,
      teacherName: o.teacherName,
      welcomeMessage: o.welcomeMessage,
    };
  } catch (err) {
    if (err instanceof ScheduleError && err.code === 'occurrence_not_found') return null;
    throw err;
  }
}

/**
 * Emails the customer concerned by each booking event with its catalogue template (the
 * studio's version if it has one), in the customer's language or else the studio's. The
 * message is queued in the delivery's transaction, with the dispatcher's receipt: a redelivered
 * event queues nothing more, and the email leaves only after commit.
 */
export function bookingNoticesSubscriber(deps: BookingNoticesDeps) {
  return defineSubscriber({
    name: 'messaging.booking-notices',
    events: Object.keys(noticeTemplates),
    async handle(tx, event, ctx) {
      if (!isNoticeEvent(event.type)) return;
      const payload = event.payload;
      if (!deservesNotice(event.type, payload)) return;
      const { customerId, payerId, occurrenceId } = payload as { customerId?: unknown; payerId?: unknown; occurrenceId?: unknown };
      if (typeof customerId !== 'string' || typeof occurrenceId !== 'string') return;

      // The attendee; a child without an email through the parent who booked (common.ts).
      const recipient = await emailRecipient(deps.customers, ctx, tx, customerId, typeof payerId === 'string' ? payerId : undefined);
      if (!recipient) return;
      const studio = await deps.studios.getStudio(ctx, tx);
      const locale: Locale = recipient.locale ?? studio.defaultLocale;
      const key = noticeTemplates[event.type];
      const values = noticeValues(event.type, payload, locale, {
        recipient: { firstName: recipient.firstName, lastName: recipient.lastName },
        studio: { name: studio.name, slug: studio.slug },
        cls: await classOf(deps, tx, ctx, occurrenceId),
        publicUrl: deps.publicUrl,
      });
      await deps.mailer.send(tx, ctx, { to: recipient.email, template: key, locale, values, customerId: recipient.id, recipientKind: 'customer', suppression: 'email_transactional' });
    },
  });
}
