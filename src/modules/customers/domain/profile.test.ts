import { describe, expect, it } from 'vitest';
import { changedFields, toProfilePatch, type Profile } from './profile.ts';

const ana: Profile = { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', phone: null, birthDate: null, locale: 'fr' };

describe('toProfilePatch', () => {
  it('stores an empty optional field as null', () => {
    expect(toProfilePatch({ email: '', phone: '', birthDate: '' })).toEqual({ email: null, phone: null, birthDate: null });
  });

  it('keeps an empty last name as an empty string', () => {
    expect(toProfilePatch({ lastName: '' })).toEqual({ lastName: '' });
  });

  it('lower-cases the email and leaves absent fields out', () => {
    expect(toProfilePatch({ email: 'Ana@Example.com' })).toEqual({ email: 'ana@example.com' });
  });
});

describe('changedFields', () => {
  it('names only the fields whose value changes', () => {
    const patch = toProfilePatch({ firstName: 'Ana', lastName: 'Lima-Souza', phone: '06 12 34 56 78', locale: 'fr' });

    expect(changedFields(ana, patch)).toEqual(['lastName', 'phone']);
  });

  it('names nothing when the edit repeats the current values', () => {
    expect(changedFields(ana, toProfilePatch({ email: 'ANA@example.com', phone: '' }))).toEqual([]);
  });

  it('names a cleared field', () => {
    expect(changedFields(ana, toProfilePatch({ email: '' }))).toEqual(['email']);
  });
});
