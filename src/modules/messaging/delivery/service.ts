import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import type { DeliveryHooks } from '../../../platform/email/index.ts';
import { recipientStateOf, type SubscriptionsService } from '../../customers/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { footerLocaleOf, withFooter } from './footer.ts';
import { isSubscribedTo, subscriptionChange, unsubscribeKindOf, type UnsubscribeKind } from './kinds.ts';
import { suppressionReasonFor } from './suppression.ts';
import { ownerOfToken, unsubscribeTokenFor } from './tokens.ts';

export interface DeliveryDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudio'>;
  subscriptions: Pick<SubscriptionsService, 'updateSubscriptions'>;
  clock: Clock;
  /** Enso's public address: the unsubscribe links. */
  publicUrl: string;
}

/** What the unsubscribe page shows. */
export interface UnsubscribeView {
  studioName: string;
  studioSlug: string;
  /** The language to show the page in: the customer's, else the studio's. */
  locale: 'en' | 'fr';
  kind: UnsubscribeKind;
  /** Whether the customer still receives that kind. */
  subscribed: boolean;
}

export const unsubscribeLinkNotFound = () =>
  new DomainError('not_found', 'unsubscribe_link_not_found', 'This unsubscribe link is not valid. Sign in to your account to change which messages you receive.');

/**
 * Unsubscribe links and the checks made when a message leaves: the `email.deliver` job asks
 * `hooks.suppressionReason` (the recipient's subscriptions now, not when it was queued) and
 * `hooks.decorateEmail` (footer link + RFC 8058 headers) for every message to a customer.
 */
export function createDeliveryService(deps: DeliveryDeps) {
  const { database, studios, subscriptions, clock, publicUrl } = deps;
  const base = publicUrl.replace(/\/+$/, '');
  const systemCtx = (studioId: StudioId, requestId = 'delivery'): Ctx => ({ studioId, actor: { kind: 'system' }, clock, requestId });

  const links = (token: string, kind: UnsubscribeKind) => ({
    page: `${base}/u/${encodeURIComponent(token)}?kind=${kind}`,
    oneClick: `${base}/api/public/v1/unsubscribe/${encodeURIComponent(token)}/one-click?kind=${kind}`,
  });

  const hooks: DeliveryHooks = {
    async suppressionReason(tx, studioId, message) {
      if (!message.customerId) return null;
      const state = await recipientStateOf(tx, studioId, message.customerId);
      return state ? suppressionReasonFor(state, message.suppression) : null;
    },

    async decorateEmail(tx, studioId, message) {
      if (!message.customerId || message.recipientKind === 'staff') return null;
      const state = await recipientStateOf(tx, studioId, message.customerId);
      if (!state) return null;
      const studio = await studios.getStudio(systemCtx(studioId), tx);
      const kind = unsubscribeKindOf(message.category);
      const token = await unsubscribeTokenFor(tx, studioId, message.customerId);
      const url = links(token, kind);
      const body = withFooter({ text: message.text, html: message.html }, { locale: footerLocaleOf(state.locale, studio.defaultLocale), studioName: studio.name, kind, url: url.page });
      return {
        ...body,
        headers: { 'List-Unsubscribe': `<${url.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      };
    },
  };

  async function view(tx: Tx, studioId: StudioId, customerId: string, kind: UnsubscribeKind): Promise<UnsubscribeView> {
    const state = await recipientStateOf(tx, studioId, customerId);
    if (!state || state.anonymized) throw unsubscribeLinkNotFound();
    const studio = await studios.getStudio(systemCtx(studioId), tx);
    return { studioName: studio.name, studioSlug: studio.slug, locale: footerLocaleOf(state.locale, studio.defaultLocale), kind, subscribed: isSubscribedTo(kind, state.subscriptions) };
  }

  async function ownerOrThrow(token: string) {
    const owner = await ownerOfToken(database, token);
    if (!owner) throw unsubscribeLinkNotFound();
    return owner;
  }

  return {
    hooks,

    /** The customer's unsubscribe link for a kind (made on first use), e.g. for an SMS or an account page. */
    async linkFor(tx: Tx, studioId: StudioId, customerId: string, kind: UnsubscribeKind) {
      return links(await unsubscribeTokenFor(tx, studioId, customerId), kind);
    },

    /** What the confirmation page shows; changes nothing. */
    async describe(token: string, kind: UnsubscribeKind): Promise<UnsubscribeView> {
      const { studioId, customerId } = await ownerOrThrow(token);
      return withStudio(database, studioId, (tx) => view(tx, studioId, customerId, kind));
    },

    /**
     * Unsubscribes the link's customer from `kind` through the customers module (which publishes
     * customer.subscription_changed.v1, actor anonymous: whoever holds the link). Unsubscribing twice changes nothing.
     */
    async unsubscribe(token: string, kind: UnsubscribeKind, requestId: string): Promise<UnsubscribeView> {
      const { studioId, customerId } = await ownerOrThrow(token);
      const ctx: Ctx = { studioId, actor: { kind: 'anonymous' }, clock, requestId };
      await withStudio(database, studioId, (tx) => view(tx, studioId, customerId, kind));
      await subscriptions.updateSubscriptions(ctx, customerId, subscriptionChange(kind, false));
      return withStudio(database, studioId, (tx) => view(tx, studioId, customerId, kind));
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
