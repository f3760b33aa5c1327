import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface LocalSmtpServer {
  url: string;
  received: ReceivedMail[];
  /**
   * Holds the next message's DATA until `release()` is called: resolves `arrived` when the
   * message is in the server's hands (the sender is then waiting on the network).
   */
  hold(): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

/** A real SMTP server on a random local port, for tests that check what leaves Enso (headers, parts). */
export async function startLocalSmtpServer(): Promise<LocalSmtpServer> {
  const received: ReceivedMail[] = [];
  let held: { arrived: () => void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        const gate = held;
        held = null;
        void (async () => {
          if (gate) {
            gate.arrived();
            await gate.released;
          }
          received.push({ to, raw, parsed: await simpleParser(raw) });
          callback();
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hold() {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      held = { arrived, released };
      return { arrived: arrivedP, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
