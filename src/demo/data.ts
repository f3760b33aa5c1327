/**
 * Deterministic demo data: the same seed gives the same studio, staff and customers, so
 * `enso seed --demo`, test factories and benchmarks all speak of the same people.
 */

/** mulberry32: a small seeded generator; demo data needs repeatability, not secrecy. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const firstNames = `Camille Léa Manon Chloé Emma Inès Jade Louise Alice Lina Zoé Sarah Juliette Anaïs Clémence Élodie Margaux
  Mathilde Noémie Océane Pauline Romane Salomé Agathe Éloïse Maëlle Hugo Lucas Louis Gabriel Arthur Jules Adam Raphaël Léo
  Nathan Théo Tom Noah Paul Victor Antoine Baptiste Maxime Quentin Romain Julien Thomas Nicolas Olivia Amelia Isla Ava Mia
  Sophia Grace Lily Freya Emily Ivy Ella Rosie Evie Florence Poppy Charlotte Willow Oliver George Arlo Leo Oscar Harry
  Archie Jack Henry Charlie Freddie Theodore Thomas Finley Alfie Isaac Aarav Priya Ananya Diya Rohan Kabir Sofía Lucía
  Martina Mateo Santiago Valentina Yuki Hana Sora Ren Mei Chen Wei Amara Kofi Nia Zara Omar Yasmine Karim Leïla`
  .split(/\s+/)
  .filter(Boolean);

const lastNames = `Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David
  Bertrand Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier
  Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine
  Chevalier Robin Masson Sánchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas
  Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre
  Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Philippe Leclercq
  Lacroix Fabre Dupuis Olivier Rodriguez Da Silva Hubert Louis Charles Guillot Rivière Le Gall Guillaume Adam Rey
  Moulin Gonzalez Berger Lecomte Menard Fleury Deschamps Carpentier Julien Benoit Paris Maillard Marchal Aubry Vasseur
  Smith Jones Williams Taylor Brown Davies Evans Wilson Johnson Roberts Walker Wright Robinson Thompson White Hughes
  Edwards Green Hall Wood Harris Lewis Clarke Patel Khan Singh Kumar Sharma Tanaka Suzuki Kim Park Chen Wang Li Zhang`
  .split(/\s+/)
  .filter(Boolean);

const emailDomains = ['example.com', 'example.org', 'example.net', 'mail.example', 'courriel.example'];

export interface DemoCustomer {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  locale: 'en' | 'fr';
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** `count` customers; emails are unique (the index is in the local part). */
export function demoCustomers(count: number, seed = 42, startIndex = 0): DemoCustomer[] {
  const random = seededRandom(seed + startIndex * 7919);
  const out: DemoCustomer[] = [];
  for (let i = startIndex; i < startIndex + count; i++) {
    const firstName = pick(random, firstNames);
    const lastName = pick(random, lastNames);
    const hasEmail = random() < 0.95;
    const hasPhone = random() < 0.8;
    const year = 1950 + Math.floor(random() * 55);
    const month = 1 + Math.floor(random() * 12);
    const dayOfMonth = 1 + Math.floor(random() * 28);
    out.push({
      firstName,
      lastName,
      email: hasEmail ? `${ascii(firstName)}.${ascii(lastName)}.${i}@${pick(random, emailDomains)}` : null,
      phone: hasPhone ? `+33 6 ${String(10_000_000 + Math.floor(random() * 89_999_999)).replace(/(\d{2})(?=\d)/g, '$1 ')}` : null,
      birthDate: random() < 0.6 ? `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}` : null,
      locale: random() < 0.7 ? 'fr' : 'en',
    });
  }
  return out;
}

export const demoStudio = {
  name: 'Studio Lumière',
  slug: 'lumiere',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  defaultLocale: 'fr' as const,
  locations: [
    {
      name: 'Lumière Marais',
      addressLine1: '12 rue des Rosiers',
      city: 'Paris',
      postalCode: '75004',
      country: 'FR',
      timeZone: 'Europe/Paris',
      rooms: [
        { name: 'Salle Soleil', capacity: 24 },
        { name: 'Salle Lune', capacity: 12 },
      ],
    },
    {
      name: 'Lumière Montréal',
      addressLine1: '4150 rue Saint-Denis',
      city: 'Montréal',
      postalCode: 'H2W 2M5',
      region: 'QC',
      country: 'CA',
      timeZone: 'America/Toronto',
      rooms: [{ name: 'Studio A', capacity: 18 }],
    },
  ],
  staff: [
    { email: 'admin@lumiere.example', firstName: 'Hélène', lastName: 'Marchand', role: 'admin' as const },
    { email: 'operations@lumiere.example', firstName: 'Karim', lastName: 'Benali', role: 'operator' as const },
    { email: 'accueil@lumiere.example', firstName: 'Lucie', lastName: 'Fontaine', role: 'front_desk' as const },
    { email: 'ines@lumiere.example', firstName: 'Inès', lastName: 'Moreau', role: 'teacher' as const },
    { email: 'tom@lumiere.example', firstName: 'Tom', lastName: 'Walker', role: 'teacher' as const },
  ],
  customerCount: 200,
};
