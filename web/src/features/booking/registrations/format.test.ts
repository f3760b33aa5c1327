import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api.ts';
import type { PublicClassDto } from '../../public-schedule/api.ts';
import en from './i18n/en.json';
import fr from './i18n/fr.json';
import { classesToCome, registrationErrorCodes, registrationErrorMessage } from './format.ts';

const instance = i18next.createInstance();
await instance.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', interpolation: { escapeValue: false } });

const problem = (code: string) => new ApiError(409, { type: 'about:blank', title: 'Conflict', status: 409, code, detail: 'server wording' });

describe('registration error messages', () => {
  it.each(registrationErrorCodes)('has its own English and French message for %s', async (code) => {
    await instance.changeLanguage('en');
    const english = registrationErrorMessage(problem(code), instance.t);
    await instance.changeLanguage('fr');
    const french = registrationErrorMessage(problem(code), instance.t);
    expect(english).not.toBe('server wording');
    expect(french).not.toBe(english);
    expect(en.bookingRegistration.errors).toHaveProperty(code);
  });

  it('tells the desk about the customer, not "you"', async () => {
    await instance.changeLanguage('en');
    expect(registrationErrorMessage(problem('already_booked'), instance.t, true)).toMatch(/^This customer/);
    expect(registrationErrorMessage(problem('already_booked'), instance.t)).toMatch(/^You already/);
    expect(registrationErrorMessage(problem('class_full'), instance.t)).toBe('One of the classes of the series is full, so the series cannot be booked as a whole. Contact the studio.');
  });
});

describe('classesToCome', () => {
  const item = (id: string, bookability: PublicClassDto['bookability']) => ({ id, bookability }) as PublicClassDto;
  it('keeps the classes a registration books now (not started, not cancelled; full ones refuse the whole)', () => {
    const items = [item('a', 'started'), item('b', 'cancelled'), item('c', 'open'), item('d', 'full'), item('e', 'not_yet_open'), item('f', 'sales_closed')];
    expect(classesToCome(items).map((i) => i.id)).toEqual(['c', 'd', 'e', 'f']);
  });
});
