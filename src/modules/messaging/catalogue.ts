import type { Block } from './blocks.ts';
import { blocksToText } from './blocks.ts';

/**
 * Every transactional message Enso sends (issue 7, seeds 000–003): a stable key, who receives
 * it, the channels it may use, the variables it may use (the allow-list of render.ts) and its
 * default subject and body in English and French. Staff overrides (templates/) replace the
 * subject and body per locale; an absent override is the default here.
 *
 * `events` names the domain events a subscriber answers with this template (the wiring lives
 * in another slice); the variables are those the event carries (`noteToCustomers`,
 * `refundNotice`, `numberOfMinutesToRespond`) plus what the subscriber reads from the ids it
 * carries (class name, times, names). Keep this list complete as modules land.
 */

export type Locale = 'en' | 'fr';
export const locales = ['en', 'fr'] as const satisfies readonly Locale[];
export type Channel = 'email' | 'sms' | 'in_app';
export type Audience = 'customer' | 'staff';
export type Category = 'transactional';

type Localized = Record<Locale, string>;

export interface VariableDefinition {
  name: string;
  description: Localized;
  /** The value previews use, in the template's language. */
  sample: Localized;
}

export interface TemplateContent {
  subject: string;
  blocks: Block[];
}

export interface CatalogueEntry {
  key: string;
  category: Category;
  audience: Audience;
  channels: readonly Channel[];
  title: Localized;
  description: Localized;
  events: readonly string[];
  /** The allow-list, in the order the editor lists them. */
  variables: readonly string[];
  defaults: Record<Locale, TemplateContent>;
}

const v = (name: string, en: string, fr: string, sample: string, sampleFr = sample): VariableDefinition => ({
  name,
  description: { en, fr },
  sample: { en: sample, fr: sampleFr },
});

/** Every variable any template may use; a template allows a subset. */
export const variableDefinitions: Record<string, VariableDefinition> = Object.fromEntries(
  [
    v('first_name', "The recipient's first name.", 'Le prénom du destinataire.', 'Ana'),
    v('last_name', "The recipient's last name.", 'Le nom du destinataire.', 'Lopes'),
    v('studio_name', "Your studio's name.", 'Le nom de votre studio.', 'Studio Lumière'),
    v('class_name', 'The name of the class.', 'Le nom du cours.', 'Vinyasa Flow'),
    v('class_date', 'The date of the class, in its location’s time zone.', 'La date du cours, dans le fuseau horaire du lieu.', 'Monday 12 January 2026', 'lundi 12 janvier 2026'),
    v('class_time', 'The start time of the class.', "L'heure de début du cours.", '18:30'),
    v('location_name', 'Where the class or appointment takes place.', 'Le lieu du cours ou du rendez-vous.', 'Downtown studio', 'Studio du centre'),
    v('teacher_name', 'The teacher of the class.', "Le professeur du cours.", 'Marie Dupont'),
    v('manage_url', 'A link to see or cancel the booking.', 'Un lien pour voir ou annuler la réservation.', 'https://enso.example/s/lumiere/account'),
    v(
      'welcomeMessage',
      'The welcome message written on the class or its template (Additional settings); empty when none.',
      'Le message de bienvenue écrit sur le cours ou son modèle (Paramètres supplémentaires) ; vide sinon.',
      'Bring water and arrive 10 minutes early.',
      "Apportez de l'eau et arrivez 10 minutes en avance.",
    ),
    v(
      'noteToCustomers',
      'The note staff wrote when cancelling the class (optional).',
      "La note écrite par l'équipe en annulant le cours (facultative).",
      'Our teacher is ill; we are sorry.',
      'Notre professeure est malade ; toutes nos excuses.',
    ),
    v(
      'refundNotice',
      'What was given back, worded by how the customer paid (pack credit, prepaid credit, card, cash).',
      'Ce qui a été rendu, formulé selon le moyen de paiement (crédit de forfait, avoir, carte, espèces).',
      'You have been credited. This was added back to your pack automatically.',
      'Vous avez été crédité. Ceci a été ajouté automatiquement à votre forfait.',
    ),
    v('waitlist_position', 'The customer’s place on the waitlist.', "La place du client sur la liste d'attente.", '2'),
    v(
      'numberOfMinutesToRespond',
      'How long the customer has to accept a spot (Settings › Waitlist).',
      'Le temps dont dispose le client pour accepter la place (Paramètres › Liste d’attente).',
      '60',
    ),
    v('offer_url', 'A link to accept the spot offered.', 'Un lien pour accepter la place proposée.', 'https://enso.example/s/lumiere/waitlist/accept'),
    v('hours_before', 'How many hours before the class the reminder is sent.', 'Combien d’heures avant le cours le rappel est envoyé.', '24'),
    v('membership_name', 'The name of the membership or pack.', "Le nom de l'abonnement ou du forfait.", '10-class pack', 'Forfait 10 cours'),
    v('amount', 'The amount paid or due, with its currency.', 'Le montant payé ou dû, avec sa devise.', '€90.00', '90,00 €'),
    v('period_start', 'The first day of the period.', 'Le premier jour de la période.', '1 February 2026', '1er février 2026'),
    v('period_end', 'The last day of the period.', 'Le dernier jour de la période.', '28 February 2026', '28 février 2026'),
    v('expiry_date', 'The day the membership ends.', "Le jour où l'abonnement prend fin.", '31 January 2026', '31 janvier 2026'),
    v('failure_message', 'Why the payment failed, as the payment provider said.', 'Pourquoi le paiement a échoué, selon le prestataire de paiement.', 'Your card was declined.', 'Votre carte a été refusée.'),
    v('next_attempt_date', 'When the payment will be tried again (empty when it will not).', 'Quand le paiement sera de nouveau tenté (vide sinon).', '3 February 2026', '3 février 2026'),
    v('account_url', "A link to the customer's account (cards, memberships, bookings).", 'Un lien vers le compte du client (cartes, abonnements, réservations).', 'https://enso.example/s/lumiere/account'),
    v('freeze_start', 'The first day of the freeze.', 'Le premier jour de la suspension.', '1 March 2026', '1er mars 2026'),
    v('freeze_end', 'The last day of the freeze (empty when open-ended).', 'Le dernier jour de la suspension (vide si sans fin).', '15 March 2026', '15 mars 2026'),
    v('order_number', 'The receipt number.', 'Le numéro du reçu.', '1042'),
    v('order_date', 'The day of the purchase.', "Le jour de l'achat.", '12 January 2026', '12 janvier 2026'),
    v('order_lines', 'What was bought, one line each.', 'Ce qui a été acheté, une ligne par article.', '10-class pack — €90.00', 'Forfait 10 cours — 90,00 €'),
    v('order_total', 'The total paid.', 'Le total payé.', '€90.00', '90,00 €'),
    v('order_payments', 'How it was paid, one line per payment.', 'Comment il a été payé, une ligne par paiement.', 'Card — €90.00', 'Carte — 90,00 €'),
    v('receipt_url', 'A link to the receipt.', 'Un lien vers le reçu.', 'https://enso.example/s/lumiere/account/orders/1042'),
    v('reset_url', 'The link to choose a new password (works for 1 hour).', 'Le lien pour choisir un nouveau mot de passe (valable 1 heure).', 'https://enso.example/reset-password?token=sample'),
    v('invite_url', 'The link to accept the invitation (works for 7 days).', "Le lien pour accepter l'invitation (valable 7 jours).", 'https://enso.example/accept-invite?token=sample'),
    v('role', 'The role given to the new staff member.', 'Le rôle donné au nouveau membre de l’équipe.', 'Front desk', 'Accueil'),
    v('waiver_title', 'The title of the waiver.', 'Le titre de la décharge.', 'Liability waiver', 'Décharge de responsabilité'),
    v(
      'child_note',
      'For a waiver that covers a child (sent to the parent): a sentence naming the child; empty otherwise.',
      'Pour une décharge qui concerne un enfant (envoyée au parent) : une phrase qui nomme l’enfant ; vide sinon.',
      'This waiver covers your child Lou.',
      'Cette décharge concerne votre enfant Lou.',
    ),
    v('waiver_version', 'The number of the new version of the waiver.', 'Le numéro de la nouvelle version de la décharge.', '2'),
    v('note', 'The note staff added to the request (optional).', "La note ajoutée par l'équipe à la demande (facultative).", 'Please sign before your next class.', 'Merci de signer avant votre prochain cours.'),
    v('url', 'The link to sign the waiver (works once, for 14 days). Keep it in the message.', 'Le lien pour signer la décharge (valable 14 jours, une seule fois). Gardez-le dans le message.', 'https://enso.example/s/lumiere/waivers/sign?token=sample'),
    v('customer_name', 'The full name of the customer concerned.', 'Le nom complet du client concerné.', 'Ana Lopes'),
    v('customer_url', "A link to the customer's profile.", 'Un lien vers la fiche du client.', 'https://enso.example/customers/cus_sample'),
    v('rank_name', 'The rank the customer holds now.', 'Le classement actuel du client.', 'Blue belt', 'Ceinture bleue'),
    v('next_rank_name', 'The rank the customer is eligible for.', 'Le classement auquel le client est éligible.', 'Purple belt', 'Ceinture violette'),
    v('appointment_name', 'The kind of appointment.', 'Le type de rendez-vous.', 'Private lesson', 'Cours particulier'),
    v('appointment_date', 'The date of the appointment.', 'La date du rendez-vous.', 'Tuesday 13 January 2026', 'mardi 13 janvier 2026'),
    v('appointment_time', 'The start time of the appointment.', "L'heure de début du rendez-vous.", '10:00'),
    v('staff_name', 'Who the appointment is with.', 'Avec qui a lieu le rendez-vous.', 'Marie Dupont'),
    v('gift_card_code', 'The code of the gift card.', 'Le code de la carte cadeau.', 'GIFT-7K2M-9QXA'),
    v('gift_card_amount', 'The value of the gift card.', 'La valeur de la carte cadeau.', '€50.00', '50,00 €'),
    v('gift_card_message', 'The message from the buyer (optional).', "Le message de l'acheteur (facultatif).", 'Happy birthday!', 'Joyeux anniversaire !'),
    v('recipient_name', 'The name the buyer gave for the recipient (optional).', "Le nom du destinataire indiqué par l'acheteur (facultatif).", 'Ana'),
    v(
      'gift_card_validity',
      'Until when the gift card can be used, as a sentence (empty when it does not expire).',
      'Jusqu’à quand la carte cadeau peut servir, en une phrase (vide si elle n’expire pas).',
      'It is valid until 12 January 2027.',
      "Elle est valable jusqu'au 12 janvier 2027.",
    ),
    v('book_url', "A link to the studio's public pages.", 'Un lien vers les pages publiques du studio.', 'https://enso.example/s/lumiere'),
    v('sms_tier', "The studio's SMS tier.", 'Le palier SMS du studio.', 'Starter', 'Essentiel'),
    v('sms_segments_allowed', 'The SMS segments the tier allows each month.', 'Les segments SMS que le palier permet chaque mois.', '500'),
    v('sms_month', 'The month the SMS ran out in.', 'Le mois où les SMS sont épuisés.', 'January 2026', 'janvier 2026'),
    v('sms_settings_url', 'The link to Settings › SMS & phone, where the tier is changed.', 'Le lien vers Paramètres › SMS et téléphone, où changer de palier.', 'https://enso.example/settings/sms'),
  ].map((d) => [d.name, d]),
);

const common = ['first_name', 'last_name', 'studio_name'] as const;
const classVars = ['class_name', 'class_date', 'class_time', 'location_name', 'teacher_name'] as const;

let blockCounter = 0;
const id = () => `b${++blockCounter}`;
const heading = (text: string): Block => ({ id: id(), kind: 'heading', text });
const p = (text: string): Block => ({ id: id(), kind: 'text', text });
const button = (label: string, urlVariable: string): Block => ({ id: id(), kind: 'button', label, urlVariable });

/** A body: its blocks get ids b1, b2… (stable: the same every start, unique within the body). */
const body = (...make: (() => Block)[]): Block[] => {
  blockCounter = 0;
  return make.map((f) => f());
};
const H = (text: string) => () => heading(text);
const P = (text: string) => () => p(text);
const B = (label: string, variable: string) => () => button(label, variable);

const classLine = { en: '##{{class_name}} — ##{{class_date}} at ##{{class_time}}, ##{{location_name}}', fr: '##{{class_name}} — ##{{class_date}} à ##{{class_time}}, ##{{location_name}}' };

const entries: CatalogueEntry[] = [
  {
    key: 'booking.confirmation',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Booking confirmation', fr: 'Confirmation de réservation' },
    description: { en: 'Sent when a customer is booked into a class (also from the waitlist).', fr: "Envoyé quand un client est inscrit à un cours (y compris depuis la liste d'attente)." },
    events: ['booking.created.v1'],
    variables: [...common, ...classVars, 'welcomeMessage', 'manage_url'],
    defaults: {
      en: {
        subject: "You're booked: ##{{class_name}} on ##{{class_date}}",
        blocks: body(H("You're booked, ##{{first_name}}!"), P(classLine.en), P('##{{welcomeMessage}}'), B('See my booking', 'manage_url'), P('See you soon,\n##{{studio_name}}')),
      },
      fr: {
        subject: 'Réservation confirmée : ##{{class_name}} le ##{{class_date}}',
        blocks: body(H("C'est réservé, ##{{first_name}} !"), P(classLine.fr), P('##{{welcomeMessage}}'), B('Voir ma réservation', 'manage_url'), P('À bientôt,\n##{{studio_name}}')),
      },
    },
  },
  {
    key: 'booking.cancelled',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Booking cancelled', fr: 'Réservation annulée' },
    description: { en: 'Sent when a booking is cancelled by the customer or by staff.', fr: "Envoyé quand une réservation est annulée par le client ou par l'équipe." },
    events: ['booking.cancelled.v1'],
    variables: [...common, ...classVars, 'refundNotice', 'manage_url'],
    defaults: {
      en: {
        subject: 'Booking cancelled: ##{{class_name}} on ##{{class_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('Your booking is cancelled:\n' + classLine.en), P('##{{refundNotice}}'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Réservation annulée : ##{{class_name}} le ##{{class_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre réservation est annulée :\n' + classLine.fr), P('##{{refundNotice}}'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'booking.late_cancelled',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Late cancellation', fr: 'Annulation tardive' },
    description: { en: 'Sent when a booking is cancelled inside the late-cancel window.', fr: "Envoyé quand une réservation est annulée pendant la période d'annulation tardive." },
    events: ['booking.late_cancelled.v1'],
    variables: [...common, ...classVars],
    defaults: {
      en: {
        subject: 'Late cancellation: ##{{class_name}} on ##{{class_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('You cancelled late for ' + classLine.en + '. Under our cancellation policy this class is not given back.'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Annulation tardive : ##{{class_name}} le ##{{class_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Vous avez annulé tardivement ' + classLine.fr + ". Selon notre politique d'annulation, ce cours n'est pas rendu."), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'class.cancelled',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Class cancelled by the studio', fr: 'Cours annulé par le studio' },
    description: { en: 'Sent to everyone booked when the studio cancels a class.', fr: 'Envoyé à chaque inscrit quand le studio annule un cours.' },
    events: ['booking.class_cancelled.v1'],
    variables: [...common, ...classVars, 'noteToCustomers', 'refundNotice', 'manage_url'],
    defaults: {
      en: {
        subject: 'Class cancelled: ##{{class_name}} on ##{{class_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('We have had to cancel ' + classLine.en + '.'), P('##{{noteToCustomers}}'), P('##{{refundNotice}}'), P('We are sorry for the trouble.\n##{{studio_name}}')),
      },
      fr: {
        subject: 'Cours annulé : ##{{class_name}} le ##{{class_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Nous avons dû annuler ' + classLine.fr + '.'), P('##{{noteToCustomers}}'), P('##{{refundNotice}}'), P('Toutes nos excuses pour ce contretemps.\n##{{studio_name}}')),
      },
    },
  },
  {
    key: 'waitlist.joined',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Waitlist joined', fr: "Inscription sur liste d'attente" },
    description: { en: 'Sent when a customer joins the waitlist of a full class.', fr: "Envoyé quand un client rejoint la liste d'attente d'un cours complet." },
    events: ['waitlist.joined.v1'],
    variables: [...common, ...classVars, 'waitlist_position', 'manage_url'],
    defaults: {
      en: {
        subject: "You're on the waitlist: ##{{class_name}} on ##{{class_date}}",
        blocks: body(P('Hello ##{{first_name}},'), P("You're number ##{{waitlist_position}} on the waitlist for " + classLine.en + '. We will let you know if a spot opens.'), B('See my waitlist', 'manage_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: "Vous êtes sur la liste d'attente : ##{{class_name}} le ##{{class_date}}",
        blocks: body(P('Bonjour ##{{first_name}},'), P("Vous êtes n° ##{{waitlist_position}} sur la liste d'attente de " + classLine.fr + ". Nous vous préviendrons si une place se libère."), B("Voir ma liste d'attente", 'manage_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'waitlist.offered',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Waitlist spot offered', fr: "Place proposée (liste d'attente)" },
    description: { en: 'Sent when a spot opens and the customer must accept it in time.', fr: "Envoyé quand une place se libère et que le client doit l'accepter à temps." },
    events: ['waitlist.offered.v1'],
    variables: [...common, ...classVars, 'numberOfMinutesToRespond', 'offer_url'],
    defaults: {
      en: {
        subject: 'A spot opened: ##{{class_name}} on ##{{class_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('A spot opened in ' + classLine.en + '. You have ##{{numberOfMinutesToRespond}} minutes to take it.'), B('Take the spot', 'offer_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Une place se libère : ##{{class_name}} le ##{{class_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Une place se libère pour ' + classLine.fr + '. Vous avez ##{{numberOfMinutesToRespond}} minutes pour la prendre.'), B('Prendre la place', 'offer_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'waitlist.promoted',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Promoted from the waitlist', fr: "Inscrit depuis la liste d'attente" },
    description: { en: 'Sent when a customer moves from the waitlist into the class.', fr: "Envoyé quand un client passe de la liste d'attente au cours." },
    events: ['waitlist.promoted.v1'],
    variables: [...common, ...classVars, 'welcomeMessage', 'manage_url'],
    defaults: {
      en: {
        subject: "You're in: ##{{class_name}} on ##{{class_date}}",
        blocks: body(P('Good news, ##{{first_name}}!'), P('A spot opened and you are now booked into ' + classLine.en + '.'), P('##{{welcomeMessage}}'), B('See my booking', 'manage_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Place obtenue : ##{{class_name}} le ##{{class_date}}',
        blocks: body(P('Bonne nouvelle, ##{{first_name}} !'), P('Une place s’est libérée : vous êtes inscrit·e à ' + classLine.fr + '.'), P('##{{welcomeMessage}}'), B('Voir ma réservation', 'manage_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'class.reminder',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Class reminder', fr: 'Rappel de cours' },
    description: { en: 'Sent some hours before a booked class.', fr: 'Envoyé quelques heures avant un cours réservé.' },
    events: [],
    variables: [...common, ...classVars, 'welcomeMessage', 'hours_before', 'manage_url'],
    defaults: {
      en: {
        subject: 'Reminder: ##{{class_name}} on ##{{class_date}} at ##{{class_time}}',
        blocks: body(P('Hello ##{{first_name}},'), P('See you soon at ' + classLine.en + '.'), P('##{{welcomeMessage}}'), B('See my booking', 'manage_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Rappel : ##{{class_name}} le ##{{class_date}} à ##{{class_time}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('À bientôt pour ' + classLine.fr + '.'), P('##{{welcomeMessage}}'), B('Voir ma réservation', 'manage_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.purchased',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Membership purchased', fr: "Achat d'abonnement" },
    description: { en: 'Sent when a customer buys a membership or a pack.', fr: 'Envoyé quand un client achète un abonnement ou un forfait.' },
    events: ['membership.purchased.v1'],
    variables: [...common, 'membership_name', 'amount', 'account_url'],
    defaults: {
      en: {
        subject: 'Welcome to ##{{membership_name}}',
        blocks: body(H('Thank you, ##{{first_name}}!'), P('Your ##{{membership_name}} is ready to use (##{{amount}}).'), B('Book a class', 'account_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Bienvenue : ##{{membership_name}}',
        blocks: body(H('Merci, ##{{first_name}} !'), P('Votre ##{{membership_name}} est prêt à être utilisé (##{{amount}}).'), B('Réserver un cours', 'account_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.renewed',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Membership renewed', fr: 'Abonnement renouvelé' },
    description: { en: 'Sent when a membership renews and its payment succeeds.', fr: "Envoyé quand un abonnement est renouvelé et payé." },
    events: ['membership.renewed.v1'],
    variables: [...common, 'membership_name', 'amount', 'period_start', 'period_end', 'account_url'],
    defaults: {
      en: {
        subject: 'Your ##{{membership_name}} is renewed',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{membership_name}} is renewed from ##{{period_start}} to ##{{period_end}}. We charged ##{{amount}}.'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Votre ##{{membership_name}} est renouvelé',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{membership_name}} est renouvelé du ##{{period_start}} au ##{{period_end}}. Nous avons prélevé ##{{amount}}.'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.payment_failed',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Membership payment failed', fr: "Échec du paiement de l'abonnement" },
    description: { en: 'Sent when a renewal or instalment cannot be charged.', fr: "Envoyé quand un renouvellement ou une échéance n'a pas pu être prélevé." },
    events: ['membership.renewal_failed.v1', 'instalment.failed.v1'],
    variables: [...common, 'membership_name', 'amount', 'failure_message', 'next_attempt_date', 'account_url'],
    defaults: {
      en: {
        subject: 'Payment failed for your ##{{membership_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('We could not charge ##{{amount}} for your ##{{membership_name}}: ##{{failure_message}}'), P('We will try again on ##{{next_attempt_date}}. You can update your card in your account.'), B('Update my card', 'account_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Échec du paiement de votre ##{{membership_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P("Nous n'avons pas pu prélever ##{{amount}} pour votre ##{{membership_name}} : ##{{failure_message}}"), P('Nous réessaierons le ##{{next_attempt_date}}. Vous pouvez mettre à jour votre carte depuis votre compte.'), B('Mettre à jour ma carte', 'account_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.expiring',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Membership expiring', fr: 'Abonnement bientôt expiré' },
    description: { en: 'Sent 7 days before the last day of a membership or pack that does not renew.', fr: "Envoyé 7 jours avant le dernier jour d'un abonnement ou forfait qui ne se renouvelle pas." },
    events: [],
    variables: [...common, 'membership_name', 'expiry_date', 'account_url'],
    defaults: {
      en: {
        subject: 'Your ##{{membership_name}} ends on ##{{expiry_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{membership_name}} ends on ##{{expiry_date}}. Renew it to keep booking.'), B('Renew', 'account_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Votre ##{{membership_name}} se termine le ##{{expiry_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{membership_name}} se termine le ##{{expiry_date}}. Renouvelez-le pour continuer à réserver.'), B('Renouveler', 'account_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.frozen',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Membership frozen', fr: 'Abonnement suspendu' },
    description: { en: 'Sent when a membership is frozen.', fr: 'Envoyé quand un abonnement est suspendu.' },
    events: ['membership.frozen.v1'],
    variables: [...common, 'membership_name', 'freeze_start', 'freeze_end'],
    defaults: {
      en: {
        subject: 'Your ##{{membership_name}} is frozen',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{membership_name}} is frozen from ##{{freeze_start}} to ##{{freeze_end}}. Its end date moves by the same number of days.'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Votre ##{{membership_name}} est suspendu',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{membership_name}} est suspendu du ##{{freeze_start}} au ##{{freeze_end}}. Sa date de fin est reportée d’autant.'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'membership.unfrozen',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Membership unfrozen', fr: 'Abonnement réactivé' },
    description: { en: 'Sent when a frozen membership starts again.', fr: 'Envoyé quand un abonnement suspendu reprend.' },
    events: ['membership.unfrozen.v1'],
    variables: [...common, 'membership_name', 'period_end'],
    defaults: {
      en: {
        subject: 'Your ##{{membership_name}} is active again',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{membership_name}} is active again. Its current period now ends on ##{{period_end}}.'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Votre ##{{membership_name}} est de nouveau actif',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{membership_name}} est de nouveau actif. Sa période en cours se termine désormais le ##{{period_end}}.'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'order.receipt',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Receipt', fr: 'Reçu' },
    description: { en: 'Sent when a purchase is paid.', fr: 'Envoyé quand un achat est payé.' },
    events: ['order.paid.v1'],
    variables: [...common, 'order_number', 'order_date', 'order_lines', 'order_total', 'order_payments', 'receipt_url'],
    defaults: {
      en: {
        subject: 'Your receipt no. ##{{order_number}} — ##{{studio_name}}',
        blocks: body(H('Thank you for your purchase'), P('Receipt no. ##{{order_number}}, ##{{order_date}}'), P('##{{order_lines}}'), P('Total paid: ##{{order_total}}'), P('Paid with:\n##{{order_payments}}'), B('See the receipt', 'receipt_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Votre reçu n° ##{{order_number}} — ##{{studio_name}}',
        blocks: body(H('Merci pour votre achat'), P('Reçu n° ##{{order_number}}, ##{{order_date}}'), P('##{{order_lines}}'), P('Total payé : ##{{order_total}}'), P('Payé par :\n##{{order_payments}}'), B('Voir le reçu', 'receipt_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'gift_card.received',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Gift card received', fr: 'Carte cadeau reçue' },
    description: { en: 'Sent to the recipient of a gift card.', fr: "Envoyé au destinataire d'une carte cadeau." },
    events: ['gift_card.issued.v1'],
    variables: ['studio_name', 'recipient_name', 'gift_card_code', 'gift_card_amount', 'gift_card_message', 'gift_card_validity', 'book_url'],
    defaults: {
      en: {
        subject: 'Your ##{{gift_card_amount}} gift card for ##{{studio_name}}',
        blocks: body(
          H('A gift card for you'),
          P('##{{gift_card_message}}'),
          P('Value: ##{{gift_card_amount}}\nCode: ##{{gift_card_code}}'),
          P('##{{gift_card_validity}}'),
          P('Give the code at the front desk, or use it online.'),
          B('Book online', 'book_url'),
        ),
      },
      fr: {
        subject: 'Votre carte cadeau ##{{studio_name}} de ##{{gift_card_amount}}',
        blocks: body(
          H('Une carte cadeau pour vous'),
          P('##{{gift_card_message}}'),
          P('Valeur : ##{{gift_card_amount}}\nCode : ##{{gift_card_code}}'),
          P('##{{gift_card_validity}}'),
          P("Donnez le code à l'accueil, ou utilisez-le en ligne."),
          B('Réserver en ligne', 'book_url'),
        ),
      },
    },
  },
  {
    key: 'customer.welcome',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Welcome (new account)', fr: 'Bienvenue (nouveau compte)' },
    description: { en: 'Sent when a customer creates their account on your public pages.', fr: 'Envoyé quand un client crée son compte depuis vos pages publiques.' },
    events: ['customer.signed_up.v1'],
    variables: [...common, 'account_url'],
    defaults: {
      en: {
        subject: 'Welcome to ##{{studio_name}}',
        blocks: body(H('Welcome, ##{{first_name}}!'), P('Your account at ##{{studio_name}} is ready: book classes, buy memberships and find your bookings in one place.'), B('Go to my account', 'account_url'), P('See you soon,\n##{{studio_name}}')),
      },
      fr: {
        subject: 'Bienvenue chez ##{{studio_name}}',
        blocks: body(H('Bienvenue, ##{{first_name}} !'), P('Votre compte chez ##{{studio_name}} est prêt : réservez des cours, achetez vos abonnements et retrouvez vos réservations au même endroit.'), B('Accéder à mon compte', 'account_url'), P('À bientôt,\n##{{studio_name}}')),
      },
    },
  },
  {
    key: 'account.activate',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Finish creating your account', fr: 'Finaliser votre compte' },
    description: {
      en: 'Sent when someone the studio already knows signs up online: they choose their password from the link.',
      fr: 'Envoyé quand une personne déjà connue du studio s’inscrit en ligne : elle choisit son mot de passe depuis le lien.',
    },
    events: [],
    variables: [...common, 'invite_url'],
    defaults: {
      en: {
        subject: 'Finish creating your account — ##{{studio_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('##{{studio_name}} already knows you. To finish your customer account, choose your password (the link works for 7 days).'), B('Choose my password', 'invite_url'), P('If you did not ask for this, ignore this message.')),
      },
      fr: {
        subject: 'Finalisez votre compte — ##{{studio_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('##{{studio_name}} vous connaît déjà. Pour finaliser votre compte client, choisissez votre mot de passe (lien valable 7 jours).'), B('Choisir mon mot de passe', 'invite_url'), P("Si vous n'avez rien demandé, ignorez ce message.")),
      },
    },
  },
  {
    key: 'account.password_reset',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Password reset', fr: 'Réinitialisation du mot de passe' },
    description: { en: 'Sent when someone asks to reset their password.', fr: 'Envoyé quand quelqu’un demande à réinitialiser son mot de passe.' },
    events: [],
    variables: [...common, 'reset_url'],
    defaults: {
      en: {
        subject: 'Reset your password — ##{{studio_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('To choose a new password, use the button below (it works for 1 hour).'), B('Choose a new password', 'reset_url'), P('If you did not ask for this, ignore this message: your password stays the same.')),
      },
      fr: {
        subject: 'Réinitialisation de votre mot de passe — ##{{studio_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Pour choisir un nouveau mot de passe, utilisez le bouton ci-dessous (valable 1 heure).'), B('Choisir un nouveau mot de passe', 'reset_url'), P("Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.")),
      },
    },
  },
  {
    key: 'staff.invite',
    category: 'transactional',
    audience: 'staff',
    channels: ['email'],
    title: { en: 'Staff invitation', fr: "Invitation d'un membre de l'équipe" },
    description: { en: 'Sent to a new staff member to set their password.', fr: "Envoyé à un nouveau membre de l'équipe pour choisir son mot de passe." },
    events: [],
    variables: [...common, 'role', 'invite_url'],
    defaults: {
      en: {
        subject: "You're invited to join ##{{studio_name}}",
        blocks: body(P('Hello ##{{first_name}},'), P('You have been invited to join the team of ##{{studio_name}} (##{{role}}). Choose your password to start (the link works for 7 days).'), B('Accept the invitation', 'invite_url')),
      },
      fr: {
        subject: 'Invitation à rejoindre ##{{studio_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P("Vous êtes invité·e à rejoindre l'équipe de ##{{studio_name}} (##{{role}}). Choisissez votre mot de passe pour commencer (lien valable 7 jours)."), B("Accepter l'invitation", 'invite_url')),
      },
    },
  },
  {
    key: 'waiver.sign_request',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Waiver signature request', fr: 'Demande de signature de décharge' },
    description: { en: "Sent from a customer's profile to sign a waiver by email.", fr: 'Envoyé depuis la fiche client pour signer une décharge par e-mail.' },
    events: ['waiver.sign_requested.v1'],
    variables: [...common, 'waiver_title', 'child_note', 'note', 'url'],
    defaults: {
      en: {
        subject: 'Please sign: ##{{waiver_title}} — ##{{studio_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('##{{studio_name}} asks you to read and sign "##{{waiver_title}}".'), P('##{{child_note}}'), P('##{{note}}'), B('Read and sign', 'url'), P('The link works once, for 14 days.')),
      },
      fr: {
        subject: 'Document à signer : ##{{waiver_title}} — ##{{studio_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('##{{studio_name}} vous invite à lire et signer « ##{{waiver_title}} ».'), P('##{{child_note}}'), P('##{{note}}'), B('Lire et signer', 'url'), P('Le lien est valable 14 jours, une seule fois.')),
      },
    },
  },
  {
    key: 'waiver.resign_request',
    category: 'transactional',
    audience: 'customer',
    channels: ['email'],
    title: { en: 'Updated waiver signature request', fr: 'Demande de signature de décharge mise à jour' },
    description: {
      en: 'Sent when the waiver changes, to customers with an upcoming booking or an earlier signature. Keep ##{{url}} so they can sign again.',
      fr: 'Envoyé quand la décharge change, aux clients ayant une réservation à venir ou une signature antérieure. Gardez ##{{url}} pour qu’ils puissent signer de nouveau.',
    },
    events: ['waiver.updated.v1'],
    variables: [...common, 'waiver_title', 'waiver_version', 'child_note', 'note', 'url'],
    defaults: {
      en: {
        subject: '"##{{waiver_title}}" was updated: please sign again — ##{{studio_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('##{{studio_name}} has updated "##{{waiver_title}}", which you signed before. Please read and sign the new version (version ##{{waiver_version}}).'), P('##{{child_note}}'), P('##{{note}}'), B('Read and sign', 'url'), P('The link works once, for 14 days.')),
      },
      fr: {
        subject: 'Mise à jour de « ##{{waiver_title}} » : merci de signer à nouveau — ##{{studio_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('##{{studio_name}} a mis à jour « ##{{waiver_title}} », que vous aviez signé. Merci de lire et signer la nouvelle version (version ##{{waiver_version}}).'), P('##{{child_note}}'), P('##{{note}}'), B('Lire et signer', 'url'), P('Le lien est valable 14 jours, une seule fois.')),
      },
    },
  },
  {
    key: 'rank.promotion_eligible_staff',
    category: 'transactional',
    audience: 'staff',
    channels: ['email', 'in_app'],
    title: { en: 'Promotion eligible (staff)', fr: 'Éligibilité à une promotion (équipe)' },
    description: { en: 'Sent to the chosen staff roles when a customer meets the criteria of the next rank (seed 002).', fr: "Envoyé aux rôles choisis quand un client remplit les critères du classement suivant (seed 002)." },
    events: [],
    variables: [...common, 'customer_name', 'rank_name', 'next_rank_name', 'customer_url'],
    defaults: {
      en: {
        subject: '##{{customer_name}} is eligible for ##{{next_rank_name}}',
        blocks: body(P('Hello ##{{first_name}},'), P('##{{customer_name}} (##{{rank_name}}) now meets the criteria for ##{{next_rank_name}}. You can promote them from their profile.'), B('Open the profile', 'customer_url')),
      },
      fr: {
        subject: '##{{customer_name}} est éligible à ##{{next_rank_name}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('##{{customer_name}} (##{{rank_name}}) remplit désormais les critères de ##{{next_rank_name}}. Vous pouvez le promouvoir depuis sa fiche.'), B('Ouvrir la fiche', 'customer_url')),
      },
    },
  },
  {
    key: 'rank.promotion_eligible_customer',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'in_app'],
    title: { en: 'Promotion eligible (customer)', fr: 'Éligibilité à une promotion (client)' },
    description: { en: 'Sent to a customer who meets the criteria of the next rank (seed 002).', fr: 'Envoyé au client qui remplit les critères du classement suivant (seed 002).' },
    events: [],
    variables: [...common, 'rank_name', 'next_rank_name'],
    defaults: {
      en: {
        subject: "You're ready for ##{{next_rank_name}}!",
        blocks: body(H('Well done, ##{{first_name}}!'), P('Your hard work shows: you now meet the criteria to move from ##{{rank_name}} to ##{{next_rank_name}}. Your teacher will be in touch.'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Vous êtes prêt·e pour ##{{next_rank_name}} !',
        blocks: body(H('Bravo, ##{{first_name}} !'), P('Votre travail paie : vous remplissez désormais les critères pour passer de ##{{rank_name}} à ##{{next_rank_name}}. Votre professeur vous contactera.'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'appointment.booked',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Appointment booked', fr: 'Rendez-vous réservé' },
    description: { en: 'Sent when an appointment is booked.', fr: 'Envoyé quand un rendez-vous est réservé.' },
    events: [],
    variables: [...common, 'appointment_name', 'appointment_date', 'appointment_time', 'staff_name', 'location_name', 'manage_url'],
    defaults: {
      en: {
        subject: 'Appointment booked: ##{{appointment_name}} on ##{{appointment_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{appointment_name}} with ##{{staff_name}} is booked for ##{{appointment_date}} at ##{{appointment_time}}, ##{{location_name}}.'), B('See my appointment', 'manage_url'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Rendez-vous réservé : ##{{appointment_name}} le ##{{appointment_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{appointment_name}} avec ##{{staff_name}} est réservé le ##{{appointment_date}} à ##{{appointment_time}}, ##{{location_name}}.'), B('Voir mon rendez-vous', 'manage_url'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'appointment.cancelled',
    category: 'transactional',
    audience: 'customer',
    channels: ['email', 'sms', 'in_app'],
    title: { en: 'Appointment cancelled', fr: 'Rendez-vous annulé' },
    description: { en: 'Sent when an appointment is cancelled.', fr: 'Envoyé quand un rendez-vous est annulé.' },
    events: [],
    variables: [...common, 'appointment_name', 'appointment_date', 'appointment_time', 'staff_name', 'refundNotice'],
    defaults: {
      en: {
        subject: 'Appointment cancelled: ##{{appointment_name}} on ##{{appointment_date}}',
        blocks: body(P('Hello ##{{first_name}},'), P('Your ##{{appointment_name}} with ##{{staff_name}} on ##{{appointment_date}} at ##{{appointment_time}} is cancelled.'), P('##{{refundNotice}}'), P('##{{studio_name}}')),
      },
      fr: {
        subject: 'Rendez-vous annulé : ##{{appointment_name}} le ##{{appointment_date}}',
        blocks: body(P('Bonjour ##{{first_name}},'), P('Votre ##{{appointment_name}} avec ##{{staff_name}} le ##{{appointment_date}} à ##{{appointment_time}} est annulé.'), P('##{{refundNotice}}'), P('##{{studio_name}}')),
      },
    },
  },
  {
    key: 'studio.sms_exhausted',
    category: 'transactional',
    audience: 'staff',
    channels: ['email'],
    title: { en: 'SMS allowance used up', fr: 'Forfait SMS épuisé' },
    description: {
      en: "Sent once a month to the studio's admins when the month's SMS segments run out: SMS go out as emails until the tier is raised.",
      fr: "Envoyé une fois par mois aux administrateurs du studio quand les segments SMS du mois sont épuisés : les SMS partent en e-mail jusqu'au passage à un palier supérieur.",
    },
    events: [],
    variables: [...common, 'sms_tier', 'sms_segments_allowed', 'sms_month', 'sms_settings_url'],
    defaults: {
      en: {
        subject: 'SMS used up for ##{{sms_month}}: messages now go by email',
        blocks: body(
          P('Hello ##{{first_name}},'),
          P('##{{studio_name}} has used the ##{{sms_segments_allowed}} SMS segments of its ##{{sms_tier}} tier for ##{{sms_month}}. SMS can no longer be sent this month: every message is sent by email instead.'),
          P('To keep sending SMS this month, move up a tier in Settings › SMS & phone. The new allowance applies at once.'),
          B('Change my SMS tier', 'sms_settings_url'),
        ),
      },
      fr: {
        subject: 'SMS épuisés pour ##{{sms_month}} : les messages partent par e-mail',
        blocks: body(
          P('Bonjour ##{{first_name}},'),
          P("##{{studio_name}} a utilisé les ##{{sms_segments_allowed}} segments SMS de son palier ##{{sms_tier}} pour ##{{sms_month}}. L'envoi de SMS n'est plus possible ce mois-ci : tous les messages sont envoyés par e-mail."),
          P('Pour continuer à envoyer des SMS ce mois-ci, passez à un palier supérieur dans Paramètres › SMS et téléphone. Le nouveau forfait s’applique aussitôt.'),
          B('Changer de palier SMS', 'sms_settings_url'),
        ),
      },
    },
  },
];

/** The catalogue, in the order the settings page lists it. */
export const catalogue: readonly CatalogueEntry[] = entries;

const byKey = new Map(entries.map((e) => [e.key, e]));

export function catalogueEntry(key: string): CatalogueEntry | undefined {
  return byKey.get(key);
}

/** The variables a template allows, with their descriptions and sample values. */
export function variablesOf(entry: CatalogueEntry): VariableDefinition[] {
  return entry.variables.map((name) => variableDefinitions[name]!);
}

/** Sample values for previews: every allowed variable of the template. */
export function sampleValues(entry: CatalogueEntry, locale: Locale): Record<string, string> {
  return Object.fromEntries(variablesOf(entry).map((d) => [d.name, d.sample[locale]]));
}

/** An email needs a subject; a template sent only by SMS or in-app does not. */
export const requiresSubject = (entry: CatalogueEntry) => entry.channels.includes('email');

/** The default plain-text body of a template (SMS, in-app, the text part of an email). */
export const defaultText = (entry: CatalogueEntry, locale: Locale) => blocksToText(entry.defaults[locale].blocks);
