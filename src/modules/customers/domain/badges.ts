import { localDateOf } from '../../../kernel/time.ts';
import { dateMatches, displayValue, type FieldKind, type FieldValue } from './field-values.ts';

/** none: never; when_set: while answered (e.g. "Injury"); on_date: on the day and month of a date answer (a birthday). */
export const fieldBadgeModes = ['none', 'when_set', 'on_date'] as const;
export type FieldBadgeMode = (typeof fieldBadgeModes)[number];

export interface BadgeTag {
  id: string;
  name: string;
  color: string;
  badge: boolean;
}

export interface BadgeField {
  id: string;
  label: string;
  kind: FieldKind;
  badge: FieldBadgeMode;
  badgeLabel: string;
  archived: boolean;
}

/** A badge next to a customer's name (Insigne client): from a tag or from a custom field's answer. */
export interface Badge {
  /** tag: a badge tag; field: a when_set field with an answer; date: an on_date field whose day is today. */
  source: 'tag' | 'field' | 'date';
  sourceId: string;
  label: string;
  /** The answer behind a field badge ("left knee"), or the date of an on_date badge; null for tags. */
  detail: string | null;
  /** Mantine palette name for a tag badge; null for field badges (the web app picks their look). */
  color: string | null;
}

/** The studio's "today": the calendar date in its time zone, not the server's or UTC's. */
export function studioToday(now: Date, timeZone: string) {
  return localDateOf(now, timeZone);
}

/**
 * One customer's badges: tag badges first (in the given order), then field badges in field order.
 * Archived fields show no badge.
 */
export function computeBadges(input: {
  tags: readonly BadgeTag[];
  fields: readonly BadgeField[];
  values: ReadonlyMap<string, FieldValue>;
  today: string;
}): Badge[] {
  const badges: Badge[] = input.tags
    .filter((t) => t.badge)
    .map((t) => ({ source: 'tag', sourceId: t.id, label: t.name, detail: null, color: t.color }));
  for (const field of input.fields) {
    if (field.archived || field.badge === 'none') continue;
    const value = input.values.get(field.id) ?? null;
    const label = field.badgeLabel.trim() || field.label;
    if (field.badge === 'when_set') {
      if (value === null || value === false) continue;
      badges.push({ source: 'field', sourceId: field.id, label, detail: field.kind === 'checkbox' ? null : displayValue(value), color: null });
    } else if (field.kind === 'date' && typeof value === 'string' && dateMatches(value, input.today, 'annual')) {
      badges.push({ source: 'date', sourceId: field.id, label, detail: value, color: null });
    }
  }
  return badges;
}
