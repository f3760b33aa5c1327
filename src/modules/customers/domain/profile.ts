/**
 * The editable fields of a customer profile and how an edit is applied, pure.
 * On the wire an empty string clears an optional field; in the database it is null
 * (except the last name, which is '' when unknown, so that sorting by it needs no NULLS rule).
 */

export interface Profile {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  locale: 'en' | 'fr' | null;
}

export type ProfileField = keyof Profile;
export const profileFields = ['firstName', 'lastName', 'email', 'phone', 'birthDate', 'locale'] as const satisfies readonly ProfileField[];

/** A profile edit as it arrives (already trimmed and lower-cased by the contract). */
export interface ProfileInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  birthDate?: string | undefined;
  locale?: 'en' | 'fr' | null | undefined;
}

const orNull = (value: string) => (value === '' ? null : value);

/** The stored values of the fields an input sets: `{ email: '' }` → `{ email: null }`. */
export function toProfilePatch(input: ProfileInput): Partial<Profile> {
  const patch: Partial<Profile> = {};
  if (input.firstName !== undefined) patch.firstName = input.firstName;
  if (input.lastName !== undefined) patch.lastName = input.lastName;
  if (input.email !== undefined) patch.email = orNull(input.email.toLowerCase());
  if (input.phone !== undefined) patch.phone = orNull(input.phone);
  if (input.birthDate !== undefined) patch.birthDate = orNull(input.birthDate);
  if (input.locale !== undefined) patch.locale = input.locale;
  return patch;
}

/** The fields whose value the patch really changes, in `profileFields` order. */
export function changedFields(before: Profile, patch: Partial<Profile>): ProfileField[] {
  return profileFields.filter((field) => field in patch && patch[field] !== undefined && patch[field] !== before[field]);
}
