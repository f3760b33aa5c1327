import { describe, expect, it } from 'vitest';
import { familyRefusal, type FamilyMember } from './family.ts';

const member = (id: string, over: Partial<FamilyMember> = {}): FamilyMember => ({ id, parentId: null, retired: false, ...over });

describe('familyRefusal', () => {
  it('lets a customer get a new child', () => {
    expect(familyRefusal(member('mum'))).toBeNull();
  });

  it('lets a customer take an existing profile without family as their child', () => {
    expect(familyRefusal(member('mum'), member('kid'))).toBeNull();
  });

  it('refuses children to a child', () => {
    expect(familyRefusal(member('kid', { parentId: 'mum' }))).toBe('child_cannot_have_children');
  });

  it('refuses a parent as their own child, or as their own child’s child', () => {
    expect(familyRefusal(member('mum'), member('mum'))).toBe('family_cycle');
    expect(familyRefusal(member('kid', { parentId: 'mum' }), member('mum'))).toBe('family_cycle');
  });

  it('refuses a child who already has another parent, or who is a parent', () => {
    expect(familyRefusal(member('dad'), member('kid', { parentId: 'mum' }))).toBe('already_a_child');
    expect(familyRefusal(member('gran'), member('mum'), true)).toBe('parent_cannot_be_child');
  });

  it('refuses anonymised or merged profiles on either side', () => {
    expect(familyRefusal(member('mum', { retired: true }))).toBe('customer_retired');
    expect(familyRefusal(member('mum'), member('kid', { retired: true }))).toBe('customer_retired');
  });
});
