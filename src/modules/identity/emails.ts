/** The texts of the emails identity sends, in the recipient's language. */
type Locale = 'en' | 'fr';

export function inviteEmail(locale: Locale, p: { studioName: string; firstName: string; link: string }) {
  return locale === 'fr'
    ? {
        subject: `Invitation à rejoindre ${p.studioName} sur Enso`,
        text: `Bonjour ${p.firstName},\n\nVous êtes invité·e à rejoindre l'équipe de ${p.studioName}. Choisissez votre mot de passe ici (lien valable 7 jours) :\n\n${p.link}\n`,
      }
    : {
        subject: `You're invited to join ${p.studioName} on Enso`,
        text: `Hello ${p.firstName},\n\nYou have been invited to join the team of ${p.studioName}. Choose your password here (the link works for 7 days):\n\n${p.link}\n`,
      };
}

export function resetEmail(locale: Locale, p: { studioName: string; firstName: string; link: string }) {
  return locale === 'fr'
    ? {
        subject: `Réinitialisation de votre mot de passe — ${p.studioName}`,
        text: `Bonjour ${p.firstName},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :\n\n${p.link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.\n`,
      }
    : {
        subject: `Reset your password — ${p.studioName}`,
        text: `Hello ${p.firstName},\n\nTo choose a new password, open this link (it works for 1 hour):\n\n${p.link}\n\nIf you did not ask for this, ignore this message: your password stays the same.\n`,
      };
}

export function customerAccountEmail(locale: Locale, p: { studioName: string; firstName: string; link: string }) {
  return locale === 'fr'
    ? {
        subject: `Finalisez votre compte — ${p.studioName}`,
        text: `Bonjour ${p.firstName},\n\n${p.studioName} vous connaît déjà. Pour finaliser votre compte client, choisissez votre mot de passe ici (lien valable 7 jours) :\n\n${p.link}\n\nSi vous n'avez rien demandé, ignorez ce message.\n`,
      }
    : {
        subject: `Finish creating your account — ${p.studioName}`,
        text: `Hello ${p.firstName},\n\n${p.studioName} already knows you. To finish your customer account, choose your password here (the link works for 7 days):\n\n${p.link}\n\nIf you did not ask for this, ignore this message.\n`,
      };
}
