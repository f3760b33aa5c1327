import nodemailer from 'nodemailer';
import { PermanentJobError } from '../jobs/index.ts';
import type { MessageChannel } from './schema.ts';

export interface OutgoingMessage {
  id: string;
  channel: MessageChannel;
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  /** Extra email headers computed at send time (List-Unsubscribe and List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

/**
 * Hands a message to the outside world. Called by the delivery job with no transaction open.
 * Throws PermanentJobError when the message can never be delivered (rejected address);
 * any other error is retried.
 */
export interface MessageProvider {
  name: string;
  send(message: OutgoingMessage): Promise<{ providerMessageId: string | null }>;
  close?(): Promise<void>;
}

/** The default: delivery is the row itself, shown on the "Sent messages" page. */
export const outboxProvider: MessageProvider = {
  name: 'outbox',
  async send() {
    return { providerMessageId: null };
  },
};

/** Email through an SMTP relay (`smtp://user:pass@host:587`, `smtps://…:465`), with nodemailer. */
export function smtpProvider(smtpUrl: string, from: string): MessageProvider {
  // A pool of a few connections kept open between messages: a group send is delivered over
  // them instead of one new SMTP connection (and handshake) per message.
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '4');
  const transport = nodemailer.createTransport(url.toString());
  // The Message-ID is derived from our row id, so a resend after a crash carries the same one
  // and mail systems that dedupe on it show the message once.
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'enso.invalid';
  return {
    name: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          messageId: `<${message.id}@${domain}>`,
          ...(message.headers ? { headers: message.headers } : {}),
        });
        return { providerMessageId: String(info.messageId ?? '') || null };
      } catch (err) {
        throw isRejection(err) ? new PermanentJobError(`SMTP refused the message: ${(err as Error).message}`) : err;
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * A 5xx reply is the server refusing this message for good (unknown mailbox, policy);
 * 4xx replies and connection errors are worth another try. A failed login is 5xx too, but
 * the operator can fix the configuration while the retries run, so it is retried.
 */
function isRejection(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
}
