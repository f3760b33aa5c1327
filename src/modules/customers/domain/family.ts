/**
 * Family rules (the specification's "Ajouter un enfant"): a parent books and signs for their
 * children, whose profiles point at the parent (`parent_id`). Families are one level deep.
 */

/** What the rules need to know about a profile. */
export interface FamilyMember {
  id: string;
  parentId: string | null;
  /** Deleted (anonymised) or merged into another profile. */
  retired: boolean;
}

export type FamilyRefusal =
  /** The would-be parent is someone's child: a child cannot have children. */
  | 'child_cannot_have_children'
  /** The would-be child is the parent, or the parent's own parent. */
  | 'family_cycle'
  /** The would-be child already has a parent. */
  | 'already_a_child'
  /** The would-be child has children of their own, so cannot become a child. */
  | 'parent_cannot_be_child'
  /** An anonymised or merged profile takes no part in a family. */
  | 'customer_retired';

/**
 * Why `parent` cannot get `child` as a child, or null when it can. `child` is absent for a new
 * profile created as the child; `childHasChildren` tells whether an existing one is a parent.
 */
export function familyRefusal(parent: FamilyMember, child?: FamilyMember, childHasChildren = false): FamilyRefusal | null {
  if (parent.retired || child?.retired) return 'customer_retired';
  if (child && (child.id === parent.id || child.id === parent.parentId)) return 'family_cycle';
  if (parent.parentId !== null) return 'child_cannot_have_children';
  if (!child) return null;
  if (child.parentId !== null && child.parentId !== parent.id) return 'already_a_child';
  if (childHasChildren) return 'parent_cannot_be_child';
  return null;
}
