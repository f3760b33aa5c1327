import { profileFields, type Profile, type ProfileField } from './profile.ts';

/**
 * Merging two profiles of one person (the specification's duplicate clean-up): the survivor
 * absorbs the duplicate. Pure rules; the records service applies them in one transaction.
 */

export type MergeSide = 'survivor' | 'duplicate';
export type MergeChoices = Partial<Record<ProfileField, MergeSide>>;

export interface MergedField {
  field: ProfileField;
  survivor: string | null;
  duplicate: string | null;
  kept: MergeSide;
}

const isEmpty = (value: string | null) => value === null || value === '';

/**
 * The profile after the merge, field by field: the caller's choice when given, else the
 * survivor's value, or the duplicate's when the survivor's is empty. The first name is never
 * emptied (a chosen empty value falls back to the other side's).
 */
export function mergeProfiles(survivor: Profile, duplicate: Profile, choices: MergeChoices = {}): { profile: Profile; fields: MergedField[] } {
  const fields = profileFields.map((field): MergedField => {
    const s = survivor[field];
    const d = duplicate[field];
    let kept: MergeSide = choices[field] ?? (isEmpty(s) && !isEmpty(d) ? 'duplicate' : 'survivor');
    if (field === 'firstName' && isEmpty(kept === 'survivor' ? s : d)) kept = kept === 'survivor' ? 'duplicate' : 'survivor';
    return { field, survivor: s, duplicate: d, kept };
  });
  const profile = { ...survivor };
  for (const f of fields) if (f.kept === 'duplicate') Object.assign(profile, { [f.field]: duplicate[f.field] });
  return { profile, fields };
}

/** What the merge needs to know about each profile. */
export interface MergeParty {
  id: string;
  parentId: string | null;
  retired: boolean;
  hasChildren: boolean;
}

export type MergeRefusal =
  /** Both ids name the same profile. */
  | 'merge_into_self'
  /** One of the two was already merged or deleted (anonymised). */
  | 'merge_into_retired'
  /** The survivor is the duplicate's child: the parent would vanish into its own child. */
  | 'merge_parent_into_child'
  /** The duplicate's children would move to a survivor that is itself a child (families are one level deep). */
  | 'merge_family_conflict';

export function mergeRefusal(survivor: MergeParty, duplicate: MergeParty): MergeRefusal | null {
  if (survivor.id === duplicate.id) return 'merge_into_self';
  if (survivor.retired || duplicate.retired) return 'merge_into_retired';
  if (survivor.parentId === duplicate.id) return 'merge_parent_into_child';
  if (duplicate.hasChildren && survivor.parentId !== null) return 'merge_family_conflict';
  return null;
}

/**
 * The survivor's parent after the merge: its own; else the duplicate's parent when the
 * duplicate was a child of someone else and the survivor has no children (a parent cannot be a child).
 */
export function mergedParentId(survivor: MergeParty, duplicate: MergeParty): string | null {
  if (survivor.parentId !== null) return survivor.parentId;
  if (duplicate.parentId === null || duplicate.parentId === survivor.id || survivor.hasChildren) return null;
  return duplicate.parentId;
}

/** Membership read model after a merge: the most engaged status of the two. */
const statusRank = { active: 3, frozen: 2, expired: 1, none: 0 } as const;
export type MembershipStatus = keyof typeof statusRank;
export function mergedMembershipStatus(a: MembershipStatus, b: MembershipStatus): MembershipStatus {
  return statusRank[b] > statusRank[a] ? b : a;
}

/** An opt-out on either profile stands (the earlier date): consent is never widened by a merge. */
export function mergedOptOut(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
