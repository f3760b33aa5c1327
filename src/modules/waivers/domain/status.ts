/** Where a customer stands with one waiver. */
export type WaiverStatus = 'signed' | 'outdated' | 'unsigned';

/**
 * `signed`: the newest signature covers the current version; `outdated`: only an older version
 * was signed, so the customer must sign again; `unsigned`: never signed.
 */
export function waiverStatus(currentVersion: number, latestSignedVersion: number | null): WaiverStatus {
  if (latestSignedVersion === null) return 'unsigned';
  return latestSignedVersion >= currentVersion ? 'signed' : 'outdated';
}

/** What the customer is about to do decides which standard waiver they must have signed. */
export type SigningPurpose = 'class_booking' | 'membership_purchase' | 'child_booking';

export function kindForPurpose(purpose: SigningPurpose): 'customer' | 'membership' | 'child' {
  switch (purpose) {
    case 'class_booking':
      return 'customer';
    case 'membership_purchase':
      return 'membership';
    case 'child_booking':
      return 'child';
  }
}

/**
 * The standard waivers that apply to a profile: a child (a profile with a parent) has the child
 * waiver, signed by the parent; anyone else the customer and membership waivers.
 */
export function standardKindsFor(person: { parentId: string | null }): ('customer' | 'membership' | 'child')[] {
  return person.parentId !== null ? ['child'] : ['customer', 'membership'];
}
