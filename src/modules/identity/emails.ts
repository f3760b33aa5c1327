import type { StaffRole } from '../../kernel/ctx.ts';

/** What identity's emails say: the messaging catalogue template and its values (the texts live in the catalogue). */
type Locale = 'en' | 'fr';

const roleNames: Record<Locale, Record<StaffRole, string>> = {
  en: { admin: 'Admin', operator: 'Operator', front_desk: 'Front desk', teacher: 'Teacher' },
  fr: { admin: 'Administrateur', operator: 'Gérant', front_desk: 'Accueil', teacher: 'Professeur' },
};

export interface TokenEmailFacts {
  purpose: 'invite' | 'reset';
  userKind: 'staff' | 'customer';
  role: StaffRole | null;
  locale: Locale;
  studioName: string;
  firstName: string;
  lastName: string;
  link: string;
}

/** A staff invite (`staff.invite`), a customer's account to finish (`account.activate`) or a password reset (`account.password_reset`). */
export function tokenEmail(f: TokenEmailFacts): { template: string; values: Record<string, string> } {
  const common = { first_name: f.firstName, last_name: f.lastName, studio_name: f.studioName };
  if (f.purpose === 'reset') return { template: 'account.password_reset', values: { ...common, reset_url: f.link } };
  if (f.userKind === 'customer') return { template: 'account.activate', values: { ...common, invite_url: f.link } };
  return { template: 'staff.invite', values: { ...common, role: roleNames[f.locale][f.role ?? 'teacher'], invite_url: f.link } };
}
