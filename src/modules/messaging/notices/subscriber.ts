import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { Email } from '../../../platform/email/index.ts';
import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import { canReceive, CustomersError, type CustomerDto, type CustomersService } from '../../customers/index.ts';
import { occurrences, templates } from '../../schedule/schema.ts';
import type { StudiosService } from '../../studios/index.ts';
import { locations } from '../../studios/schema.ts';
import type { Locale } from '../catalogue.ts';
import type { MessageTemplatesService } from '../templates/index.ts';
import { deservesNotice, isNoticeEvent, noticeTemplates, noticeValues, type NoticeFacts } from './values.ts';

export interface BookingNoticesDeps {
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  templates: Pick<MessageTemplatesService, 'render'>;
  email: Pick<Email, 'recordMessage'>;
  /** Enso's public address: links to the customer's pages. */
  publicUrl: string;
}

async function customerOrNull(deps: BookingNoticesDeps, ctx: Ctx, id: string, tx: Tx): Promise<CustomerDto | null> {
  try {
    return await deps.customers.getCustomer(ctx, id, tx);
  } catch (err) {
    if (err instanceof CustomersError && err.code === 'customer_not_found') return null;
    throw err;
  }
}

/**
 * Who hears about a booking: the attendee; a child without an email of their own is told
 * through the parent who booked (the payer) or, failing that, their parent on file. Nobody
 * when the attendee was anonymised, when nobody has an email, or when the recipient
 * unsubscribed from transactional email.
 */
async function recipientOf(deps: BookingNoticesDeps, ctx: Ctx, tx: Tx, customerId: string, payerId: string | undefined): Promise<CustomerDto | null> {
  const attendee = await customerOrNull(deps, ctx, customerId, tx);
  if (!attendee || attendee.anonymized) return null;
  let recipient: CustomerDto | null = attendee;
  if (!attendee.email && attendee.parentId) {
    const guardianId = payerId && payerId !== customerId ? payerId : attendee.parentId;
    recipient = await customerOrNull(deps, ctx, guardianId, tx);
  }
  if (!recipient?.email) return null;
  return canReceive(recipient, { channel: 'email', purpose: 'transactional' }) ? recipient : null;
}

/** The class as the message names it (schedule's and studios' tables: documented reads, no writes). */
async function classOf(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<NoticeFacts['cls']> {
  const [row] = await tx
    .select({ name: templates.name, startsAt: occurrences.startsAt, timeZone: occurrences.timeZone, locationName: locations.name })
    .from(occurrences)
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(locations, and(eq(locations.studioId, occurrences.studioId), eq(locations.id, occurrences.locationId)))
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
  return row ? { ...row, occurrenceId } : null;
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

      const recipient = await recipientOf(deps, ctx, tx, customerId, typeof payerId === 'string' ? payerId : undefined);
      if (!recipient?.email) return;
      const studio = await deps.studios.getStudio(ctx, tx);
      const locale: Locale = recipient.locale ?? studio.defaultLocale;
      const key = noticeTemplates[event.type];
      const values = noticeValues(event.type, payload, locale, {
        recipient: { firstName: recipient.firstName, lastName: recipient.lastName },
        studio: { name: studio.name, slug: studio.slug },
        cls: await classOf(tx, ctx, occurrenceId),
        publicUrl: deps.publicUrl,
      });
      const message = await deps.templates.render(ctx, { key, locale, values }, tx);
      await deps.email.recordMessage(tx, ctx, { channel: 'email', to: recipient.email, subject: message.subject, text: message.text, html: message.html, template: key });
    },
  });
}
