/**
 * The problems an import reports about a row, and their wording in English and French. Rows
 * are checked once and their problems stored as text in the language of the staff member who
 * ran the import (the errors table and its CSV download are read by that studio).
 */

export type RowErrorCode =
  | 'email_invalid'
  | 'phone_chars'
  | 'phone_short'
  | 'date_format'
  | 'date_year'
  | 'date_unreal'
  | 'date_future'
  | 'date_old'
  | 'locale_unknown'
  | 'tag_long'
  | 'text_long'
  | 'number_invalid'
  | 'checkbox_invalid'
  | 'choice_unknown'
  | 'first_name_missing'
  | 'first_name_long'
  | 'last_name_long'
  | 'duplicate_email'
  | 'duplicate_name'
  | 'ambiguous_name'
  | 'ambiguous_name_phone';

export type RowErrorParams = Record<string, string | number>;

export interface RowProblem {
  code: RowErrorCode;
  params: RowErrorParams;
}

export type MessageLocale = 'en' | 'fr';

const dateFormatNames: Record<MessageLocale, Record<string, string>> = {
  en: { ymd: 'YYYY-MM-DD', dmy: 'DD/MM/YYYY', mdy: 'MM/DD/YYYY' },
  fr: { ymd: 'AAAA-MM-JJ', dmy: 'JJ/MM/AAAA', mdy: 'MM/JJ/AAAA' },
};

const texts: Record<MessageLocale, Record<RowErrorCode, string>> = {
  en: {
    email_invalid: '"{value}" is not an email address.',
    phone_chars: '"{value}": a phone number has digits, spaces, dots, dashes and an optional leading +.',
    phone_short: '"{value}": a phone number has at least 6 digits.',
    date_format: '"{value}" is not a date (expected {format}).',
    date_year: '"{value}": write the year with four digits.',
    date_unreal: '"{value}" is not a real date.',
    date_future: '"{value}" is in the future.',
    date_old: '"{value}" is before 1900.',
    locale_unknown: '"{value}": the language is English (en) or French (fr).',
    tag_long: '"{value}…": a tag has at most {max} characters.',
    text_long: 'At most {max} characters.',
    number_invalid: '"{value}" is not a number.',
    checkbox_invalid: '"{value}" is not yes or no.',
    choice_unknown: '"{value}" is not one of the choices ({choices}).',
    first_name_missing: 'The first name is empty.',
    first_name_long: 'The first name has more than {max} characters.',
    last_name_long: 'The last name has more than {max} characters.',
    duplicate_email: 'Row {first} has the same email: only the first of them is imported.',
    duplicate_name: 'Row {first} has the same name and phone, and neither has an email: only the first is imported.',
    ambiguous_name: '{count} customers have this name: add an email to this row to tell them apart.',
    ambiguous_name_phone: '{count} customers have this name and phone: add an email to this row to tell them apart.',
  },
  fr: {
    email_invalid: '« {value} » n’est pas une adresse e-mail.',
    phone_chars: '« {value} » : un numéro de téléphone contient des chiffres, des espaces, des points, des tirets et éventuellement un + au début.',
    phone_short: '« {value} » : un numéro de téléphone a au moins 6 chiffres.',
    date_format: '« {value} » n’est pas une date (format attendu : {format}).',
    date_year: '« {value} » : écrivez l’année avec quatre chiffres.',
    date_unreal: '« {value} » n’est pas une date qui existe.',
    date_future: '« {value} » est dans le futur.',
    date_old: '« {value} » est antérieure à 1900.',
    locale_unknown: '« {value} » : la langue est l’anglais (en) ou le français (fr).',
    tag_long: '« {value}… » : une étiquette a au plus {max} caractères.',
    text_long: 'Au plus {max} caractères.',
    number_invalid: '« {value} » n’est pas un nombre.',
    checkbox_invalid: '« {value} » n’est ni oui ni non.',
    choice_unknown: '« {value} » ne fait pas partie des choix ({choices}).',
    first_name_missing: 'Le prénom est vide.',
    first_name_long: 'Le prénom a plus de {max} caractères.',
    last_name_long: 'Le nom a plus de {max} caractères.',
    duplicate_email: 'La ligne {first} a le même e-mail : seule la première des deux est importée.',
    duplicate_name: 'La ligne {first} a les mêmes nom et téléphone, sans e-mail : seule la première est importée.',
    ambiguous_name: '{count} clients portent ce nom : ajoutez un e-mail à cette ligne pour les distinguer.',
    ambiguous_name_phone: '{count} clients ont ces nom et téléphone : ajoutez un e-mail à cette ligne pour les distinguer.',
  },
};

/** The problem in words: `{value}`-style placeholders filled from its params. */
export function rowErrorText(problem: RowProblem, locale: MessageLocale = 'en'): string {
  const params: RowErrorParams = { ...problem.params };
  if (typeof params.format === 'string') params.format = dateFormatNames[locale][params.format] ?? params.format;
  return texts[locale][problem.code].replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
