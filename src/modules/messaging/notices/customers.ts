import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { StoredEvent } from '../../../platform/events/publish.ts';
import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { CustomersService } from '../../customers/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { accountUrl, emailRecipient, localeFor } from './common.ts';
import type { TemplateMailer } from './mailer.ts';

export interface CustomerNoticesDeps {
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  mailer: TemplateMailer;
  publicUrl: string;
}

/**
 * Welcomes a customer who created their own account on the studio's public pages
 * (`customer.signed_up.v1`) with `customer.welcome`: the studio writes its welcome in that
 * template (Settings › Message templates), else the default. A profile staff created, or one the
 * customer finishes from an emailed link, is not welcomed this way.
 */
export function customerNoticesSubscriber(deps: CustomerNoticesDeps) {
  return defineSubscriber({
    name: 'messaging.customer-notices',
    events: ['customer.signed_up.v1'],
    async handle(tx: Tx, event: StoredEvent, ctx: Ctx) {
      if (event.type !== 'customer.signed_up.v1' || !event.subjectId) return;
      const recipient = await emailRecipient(deps.customers, ctx, tx, event.subjectId);
      if (!recipient) return;
      const studio = await deps.studios.getStudio(ctx, tx);
      const locale = localeFor(recipient, studio);
      await deps.mailer.send(tx, ctx, {
        to: recipient.email,
        template: 'customer.welcome',
        locale,
        values: { first_name: recipient.firstName, last_name: recipient.lastName, studio_name: studio.name, account_url: accountUrl(deps.publicUrl, studio.slug) },
        customerId: recipient.id,
        recipientKind: 'customer',
      });
    },
  });
}
