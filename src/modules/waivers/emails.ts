/** The texts of the emails the waivers module sends, in the recipient's language. Plain text only. */
type Locale = 'en' | 'fr';

interface SignEmailParams {
  studioName: string;
  firstName: string;
  waiverTitle: string;
  /** Set when the waiver covers a child: the parent receives the email. */
  childName: string | null;
  note: string;
  link: string;
}

const quoted = (note: string) =>
  note
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/** Staff ask a customer to sign a waiver (custom or standard) from the profile. */
export function signRequestEmail(locale: Locale, p: SignEmailParams) {
  const note = p.note.trim() === '' ? '' : `\n${quoted(p.note)}\n`;
  if (locale === 'fr') {
    const forWhom = p.childName ? ` pour ${p.childName}` : '';
    return {
      subject: `Document à signer : ${p.waiverTitle} — ${p.studioName}`,
      text: `Bonjour ${p.firstName},\n\n${p.studioName} vous invite à lire et signer « ${p.waiverTitle} »${forWhom}.\n${note}\nOuvrez ce lien pour le signer (valable 14 jours, une seule fois) :\n\n${p.link}\n`,
    };
  }
  const forWhom = p.childName ? ` for ${p.childName}` : '';
  return {
    subject: `Please sign: ${p.waiverTitle} — ${p.studioName}`,
    text: `Hello ${p.firstName},\n\n${p.studioName} asks you to read and sign "${p.waiverTitle}"${forWhom}.\n${note}\nOpen this link to sign it (it works once, for 14 days):\n\n${p.link}\n`,
  };
}

/** The waiver changed after the customer signed it: they are asked to sign the new version. */
export function resignRequestEmail(locale: Locale, p: SignEmailParams & { version: number }) {
  const note = p.note.trim() === '' ? '' : `\n${quoted(p.note)}\n`;
  if (locale === 'fr') {
    const forWhom = p.childName ? ` (pour ${p.childName})` : '';
    return {
      subject: `Mise à jour de « ${p.waiverTitle} » : merci de signer à nouveau — ${p.studioName}`,
      text: `Bonjour ${p.firstName},\n\n${p.studioName} a mis à jour « ${p.waiverTitle} »${forWhom}, que vous aviez signé. Merci de lire et signer la nouvelle version (version ${p.version}).\n${note}\nOuvrez ce lien pour signer (valable 14 jours, une seule fois) :\n\n${p.link}\n`,
    };
  }
  const forWhom = p.childName ? ` (for ${p.childName})` : '';
  return {
    subject: `"${p.waiverTitle}" was updated: please sign again — ${p.studioName}`,
    text: `Hello ${p.firstName},\n\n${p.studioName} has updated "${p.waiverTitle}"${forWhom}, which you signed before. Please read and sign the new version (version ${p.version}).\n${note}\nOpen this link to sign it (it works once, for 14 days):\n\n${p.link}\n`,
  };
}
