/**
 * What an inbound SMS asks for when its whole text is one of the carrier keywords: `stop`
 * (every SMS, transactional and marketing, stops), `start` (they resume), `help`; anything
 * else is a message for the studio (null). Twilio's default opt-out, opt-in and help keywords,
 * with the French ARRET / ARRÊT. Case, accents, spaces and punctuation do not matter
 * ("Stop.", " stop all ", "Arrêt !"); a keyword inside a sentence ("please stop") is not one.
 */

export type SmsKeyword = 'stop' | 'start' | 'help';

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  ARRET: 'stop',
  START: 'start',
  UNSTOP: 'start',
  YES: 'start',
  HELP: 'help',
  INFO: 'help',
};

/** The keyword an inbound SMS body is, or null when it is a message. */
export function classifyInboundSms(body: string): SmsKeyword | null {
  const word = body
    .normalize('NFD')
    // Accents (combining marks), then spaces, punctuation, symbols (emoji) and invisible format characters.
    .replace(/[\p{M}\p{White_Space}\p{P}\p{S}\p{Cf}]/gu, '')
    .toUpperCase();
  return Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word]! : null;
}
