import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import en from './i18n/en.json';
import fr from './i18n/fr.json';
import { formatDuration, policySentence, refundDoneSentence, refundPreviewSentence } from './format.ts';

// The app's i18n module reads the browser; here only the formatters' language matters.
const ui = vi.hoisted(() => ({ locale: 'en' }));
vi.mock('../../../i18n/index.ts', () => ({ currentLocale: () => ui.locale }));

const instance = i18next.createInstance();
await instance.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', interpolation: { escapeValue: false } });
const tEn = instance.getFixedT('en');
const tFr = instance.getFixedT('fr');

const booking = { membershipName: '10-class pack', paymentMethod: 'membership' as const, status: 'booked' as const, class: { name: 'Yoga', startsAt: '2026-03-10T17:00:00Z', endsAt: '2026-03-10T18:00:00Z', timeZone: 'Europe/Paris', locationName: null, status: 'scheduled' as const } };

describe('formatDuration', () => {
  it('uses the largest whole unit', () => {
    expect(formatDuration(1440, 'en')).toBe('24 hours');
    expect(formatDuration(2880, 'fr')).toMatch(/^2\sjours$/);
    expect(formatDuration(1440 + 60, 'en')).toBe('25 hours');
    expect(formatDuration(90, 'en')).toBe('90 minutes');
  });
});

describe('policySentence', () => {
  it('says the refund cutoff and the late-cancel window (seed 001: 24 h, full refund)', () => {
    expect(policySentence({ refundMode: 'all', creditCutoffMin: 1440, lateCancelMin: 60 }, tEn, 'en')).toBe(
      'Cancel at least 24 hours before the class to get your class credit or payment back as credit. Cancelling less than 1 hour before the start counts as a late cancellation.',
    );
    expect(policySentence({ refundMode: 'packs_only', creditCutoffMin: 720, lateCancelMin: 0 }, tFr, 'fr')).toMatch(
      /^Annulez au moins 12\sheures avant le cours pour récupérer un crédit de forfait ; les autres paiements ne sont pas remboursés\.$/,
    );
    expect(policySentence({ refundMode: 'none', creditCutoffMin: 1440, lateCancelMin: 0 }, tEn, 'en')).toBe('Bookings are not refunded when cancelled.');
  });
});

describe('refundPreviewSentence', () => {
  const now = new Date('2026-03-09T10:00:00Z');
  it('names what comes back', () => {
    expect(refundPreviewSentence({ lateCancel: false, refundKind: 'class_credit', refundMinor: 0, currency: null, refundableUntil: '2026-03-09T17:00:00Z', allowed: true }, booking, now, tEn)).toBe(
      'The class credit will be given back to your 10-class pack.',
    );
    expect(
      refundPreviewSentence({ lateCancel: false, refundKind: 'dollar_credit', refundMinor: 1500, currency: 'EUR', refundableUntil: '2026-03-09T17:00:00Z', allowed: true }, { ...booking, paymentMethod: 'card' }, now, tEn),
    ).toBe('You will get €15.00 back as prepaid credit, to use on future bookings.');
  });
  it('says until when it was refundable once the cutoff has passed', () => {
    const late = new Date('2026-03-10T16:30:00Z');
    expect(refundPreviewSentence({ lateCancel: true, refundKind: 'none', refundMinor: 0, currency: 'EUR', refundableUntil: '2026-03-09T17:00:00Z', allowed: true }, { ...booking, paymentMethod: 'card' }, late, tEn)).toBe(
      'Nothing will be given back: cancellations were refunded until 9 Mar 2026, 18:00.',
    );
  });
});

describe('refundDoneSentence', () => {
  it('reads what a cancellation returned', () => {
    ui.locale = 'fr';
    expect(refundDoneSentence({ refundKind: 'dollar_credit', refundMinor: 1500, currency: 'EUR' }, tFr)).toMatch(/^15,00\s€ vous ont été rendus en crédit prépayé\.$/);
    ui.locale = 'en';
    expect(refundDoneSentence({ refundKind: null, refundMinor: 0, currency: null }, tEn)).toBeNull();
  });
});
