import { describe, expect, it } from 'vitest';
import { mergedMembershipStatus, mergedOptOut, mergedParentId, mergeProfiles, mergeRefusal, type MergeParty } from './merge.ts';
import type { Profile } from './profile.ts';

const ana: Profile = { firstName: 'Ana', lastName: 'Silva', email: 'ana@example.com', phone: null, birthDate: null, locale: 'fr' };
const anna: Profile = { firstName: 'Anna', lastName: 'Silva', email: 'anna@work.example', phone: '+33 6 12 34 56 78', birthDate: '1990-04-02', locale: null };

const party = (over: Partial<MergeParty> = {}): MergeParty => ({ id: 'cus_a', parentId: null, retired: false, hasChildren: false, ...over });

describe('mergeProfiles', () => {
  it("keeps the survivor's values and fills its empty ones from the duplicate", () => {
    const { profile, fields } = mergeProfiles(ana, anna);

    expect(profile).toEqual({ ...ana, phone: anna.phone, birthDate: anna.birthDate });
    expect(fields.find((f) => f.field === 'email')).toEqual({ field: 'email', survivor: ana.email, duplicate: anna.email, kept: 'survivor' });
    expect(fields.find((f) => f.field === 'phone')?.kept).toBe('duplicate');
  });

  it("takes the duplicate's value where the caller chooses it, even over a filled one", () => {
    const { profile } = mergeProfiles(ana, anna, { email: 'duplicate', firstName: 'duplicate' });

    expect(profile.email).toBe('anna@work.example');
    expect(profile.firstName).toBe('Anna');
  });

  it("lets the caller keep the survivor's empty value", () => {
    const { profile } = mergeProfiles(ana, anna, { phone: 'survivor' });

    expect(profile.phone).toBeNull();
  });

  it('never empties the first name', () => {
    const { profile } = mergeProfiles({ ...ana, firstName: '' }, anna, { firstName: 'survivor' });

    expect(profile.firstName).toBe('Anna');
  });
});

describe('mergeRefusal', () => {
  it.each([
    ['the same profile', party(), party(), 'merge_into_self'],
    ['a merged or deleted survivor', party({ retired: true }), party({ id: 'cus_b' }), 'merge_into_retired'],
    ['a merged or deleted duplicate', party(), party({ id: 'cus_b', retired: true }), 'merge_into_retired'],
    ['a parent into its own child', party({ parentId: 'cus_b' }), party({ id: 'cus_b', hasChildren: true }), 'merge_parent_into_child'],
    ['children moving under a child', party({ parentId: 'cus_p' }), party({ id: 'cus_b', hasChildren: true }), 'merge_family_conflict'],
  ] as const)('refuses %s', (_label, survivor, duplicate, code) => {
    expect(mergeRefusal(survivor, duplicate)).toBe(code);
  });

  it('allows a child into its parent and two unrelated profiles', () => {
    expect(mergeRefusal(party(), party({ id: 'cus_b', parentId: 'cus_a' }))).toBeNull();
    expect(mergeRefusal(party({ hasChildren: true }), party({ id: 'cus_b', hasChildren: true }))).toBeNull();
  });
});

describe('mergedParentId', () => {
  it("keeps the survivor's parent, else takes the duplicate's when the survivor can be a child", () => {
    expect(mergedParentId(party({ parentId: 'cus_p' }), party({ id: 'cus_b', parentId: 'cus_q' }))).toBe('cus_p');
    expect(mergedParentId(party(), party({ id: 'cus_b', parentId: 'cus_q' }))).toBe('cus_q');
    expect(mergedParentId(party({ hasChildren: true }), party({ id: 'cus_b', parentId: 'cus_q' }))).toBeNull();
    expect(mergedParentId(party(), party({ id: 'cus_b', parentId: 'cus_a' }))).toBeNull();
  });
});

describe('read model after a merge', () => {
  it('keeps the most engaged membership status', () => {
    expect(mergedMembershipStatus('expired', 'active')).toBe('active');
    expect(mergedMembershipStatus('frozen', 'none')).toBe('frozen');
  });

  it('keeps any opt-out, at its earlier date', () => {
    const early = new Date('2025-01-01T00:00:00Z');
    const late = new Date('2026-01-01T00:00:00Z');

    expect(mergedOptOut(null, late)).toBe(late);
    expect(mergedOptOut(late, early)).toBe(early);
    expect(mergedOptOut(null, null)).toBeNull();
  });
});
