/** What the waivers module's emails say: the messaging catalogue template and its values (the texts live in the catalogue). */
type Locale = 'en' | 'fr';

export interface SignEmailFacts {
  reason: 'custom' | 'request' | 'resign';
  locale: Locale;
  studioName: string;
  firstName: string;
  lastName: string;
  waiverTitle: string;
  version: number;
  /** Set when the waiver covers a child: the parent receives the email. */
  childName: string | null;
  note: string;
  link: string;
}

const childNote = (locale: Locale, name: string) => (locale === 'fr' ? `Cette décharge concerne votre enfant ${name}.` : `This waiver covers your child ${name}.`);

/** A request to sign (`waiver.sign_request`) or, after an update, to sign again (`waiver.resign_request`). */
export function signEmail(f: SignEmailFacts): { template: string; values: Record<string, string> } {
  const values = {
    first_name: f.firstName,
    last_name: f.lastName,
    studio_name: f.studioName,
    waiver_title: f.waiverTitle,
    child_note: f.childName ? childNote(f.locale, f.childName) : '',
    note: f.note.trim(),
    url: f.link,
  };
  return f.reason === 'resign' ? { template: 'waiver.resign_request', values: { ...values, waiver_version: String(f.version) } } : { template: 'waiver.sign_request', values };
}
