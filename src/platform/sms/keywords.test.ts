import { describe, expect, it } from 'vitest';
import { classifyInboundSms } from './keywords.ts';

describe('classifyInboundSms', () => {
  it.each(['STOP', 'stop', 'Stop', ' STOP ', 'STOP.', 'stop!', 'Stop !!', '\nstop\n', 'STOPALL', 'stop all', 'Stop-all', 'UNSUBSCRIBE', 'unsubscribe', 'CANCEL', 'cancel', 'END', 'end.', 'QUIT', 'quit', 'ARRET', 'arret', 'ARRÊT', 'Arrêt !', 'arrêt', 'STOP 🛑'])(
    '%j stops every SMS',
    (body) => {
      expect(classifyInboundSms(body)).toBe('stop');
    },
  );

  it.each(['START', 'start', ' Start. ', 'UNSTOP', 'unstop', 'YES', 'yes', 'Yes!'])('%j re-subscribes', (body) => {
    expect(classifyInboundSms(body)).toBe('start');
  });

  it.each(['HELP', 'help', 'Help?', 'INFO', 'info'])('%j asks for help', (body) => {
    expect(classifyInboundSms(body)).toBe('help');
  });

  it.each([
    '',
    '   ',
    'Please stop',
    'stop sending me messages',
    "Don't stop",
    'STOP2',
    'stopp',
    'yes please',
    'Can I cancel my booking?',
    'The end of class was great',
    'Hello',
    'constructor',
    '__proto__',
  ])('%j is a message, not a keyword', (body) => {
    expect(classifyInboundSms(body)).toBeNull();
  });
});
