import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from './i18n/en.json';
import fr from './i18n/fr.json';
import { describePenaltyRule, type PenaltyRuleWords } from './penalty-sentence.ts';

let tEn: TFunction;
let tFr: TFunction;

beforeAll(async () => {
  const make = async (lng: 'en' | 'fr') => {
    const i18n = createInstance();
    await i18n.init({ lng, resources: { en: { translation: en }, fr: { translation: fr } }, interpolation: { escapeValue: false } });
    return i18n.t;
  };
  tEn = await make('en');
  tFr = await make('fr');
});

const base: PenaltyRuleWords = { offence: 'no_show', countMode: 'every', countN: 2, periodKind: 'days', periodN: 30 };

describe('describePenaltyRule', () => {
  it.each<[PenaltyRuleWords, string, string]>([
    [base, 'The penalty will be applied at every 2nd no-show within the last 30 days.', 'La pénalité sera appliquée à chaque 2e absence sur les 30 derniers jours.'],
    [{ ...base, countN: 1 }, 'The penalty will be applied at every no-show within the last 30 days.', 'La pénalité sera appliquée à chaque absence sur les 30 derniers jours.'],
    [{ ...base, countN: 3, periodKind: 'months', periodN: 1 }, 'The penalty will be applied at every 3rd no-show within the last month.', 'La pénalité sera appliquée à chaque 3e absence sur le dernier mois.'],
    [{ ...base, countMode: 'minimum', countN: 3 }, 'The penalty will be applied at every no-show from the 3rd on within the last 30 days.', 'La pénalité sera appliquée à chaque absence à partir de la 3e sur les 30 derniers jours.'],
    [{ ...base, countMode: 'minimum', countN: 1 }, 'The penalty will be applied at every no-show within the last 30 days.', 'La pénalité sera appliquée à chaque absence sur les 30 derniers jours.'],
    [{ ...base, countMode: 'exactly', countN: 1 }, 'The penalty will be applied only at the 1st no-show within the last 30 days.', 'La pénalité sera appliquée uniquement à la 1re absence sur les 30 derniers jours.'],
    [
      { ...base, offence: 'late_cancel', countMode: 'exactly', countN: 22, periodKind: 'renewal_period', periodN: null },
      "The penalty will be applied only at the 22nd late cancellation within the membership's current renewal period.",
      "La pénalité sera appliquée uniquement à la 22e annulation tardive pendant la période de renouvellement en cours de l'abonnement.",
    ],
    [{ ...base, countN: 11, periodN: 1 }, 'The penalty will be applied at every 11th no-show within the last day.', 'La pénalité sera appliquée à chaque 11e absence sur le dernier jour.'],
    [{ ...base, countN: 21, periodKind: 'months', periodN: 6 }, 'The penalty will be applied at every 21st no-show within the last 6 months.', 'La pénalité sera appliquée à chaque 21e absence sur les 6 derniers mois.'],
  ])('%o', (rule, english, french) => {
    expect(describePenaltyRule(rule, tEn)).toBe(english);
    expect(describePenaltyRule(rule, tFr)).toBe(french);
  });

  it('says nothing about a look-back that is not filled in yet, and reads an empty count as 1', () => {
    expect(describePenaltyRule({ ...base, periodN: null }, tEn)).toBe('The penalty will be applied at every 2nd no-show.');
    expect(describePenaltyRule({ ...base, countN: Number.NaN }, tFr)).toBe('La pénalité sera appliquée à chaque absence sur les 30 derniers jours.');
  });
});
