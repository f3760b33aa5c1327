import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { computeBadges, studioToday, type BadgeField } from './badges.ts';

const injury: BadgeField = { id: 'fld_injury', label: 'Injury', kind: 'text', badge: 'when_set', badgeLabel: '', archived: false };
const birthday: BadgeField = { id: 'fld_bday', label: 'Birthday', kind: 'date', badge: 'on_date', badgeLabel: 'Birthday 🎂', archived: false };
const waiver: BadgeField = { id: 'fld_ok', label: 'Medical clearance', kind: 'checkbox', badge: 'when_set', badgeLabel: 'Cleared', archived: false };
const vip = { id: 'tag_vip', name: 'VIP', color: 'yellow', badge: true };
const plain = { id: 'tag_plain', name: 'Newsletter', color: 'gray', badge: false };

describe('computeBadges', () => {
  it('shows badge tags, then set fields with their answer as detail', () => {
    const badges = computeBadges({
      tags: [vip, plain],
      fields: [injury, waiver],
      values: new Map<string, string | boolean>([['fld_injury', 'left knee'], ['fld_ok', true]]),
      today: '2026-11-27',
    });

    expect(badges).toEqual([
      { source: 'tag', sourceId: 'tag_vip', label: 'VIP', detail: null, color: 'yellow' },
      { source: 'field', sourceId: 'fld_injury', label: 'Injury', detail: 'left knee', color: null },
      { source: 'field', sourceId: 'fld_ok', label: 'Cleared', detail: null, color: null },
    ]);
  });

  it('shows no field badge for an empty answer, an unticked box or an archived field', () => {
    const badges = computeBadges({
      tags: [],
      fields: [injury, waiver, { ...birthday, archived: true }],
      values: new Map<string, string | boolean>([['fld_ok', false], ['fld_bday', '1990-11-27']]),
      today: '2026-11-27',
    });

    expect(badges).toEqual([]);
  });

  it('shows a birthday on its day and month only', () => {
    const on = (today: string, value: string) =>
      computeBadges({ tags: [], fields: [birthday], values: new Map([['fld_bday', value]]), today }).map((b) => b.label);

    expect(on('2026-05-12', '1990-05-12')).toEqual(['Birthday 🎂']);
    expect(on('2026-05-13', '1990-05-12')).toEqual([]);
    expect(on('2027-02-28', '2004-02-29')).toEqual(['Birthday 🎂']);
    expect(on('2028-02-28', '2004-02-29')).toEqual([]);
    expect(on('2028-02-29', '2004-02-29')).toEqual(['Birthday 🎂']);
  });

  it('uses the studio’s date, not the UTC date, with a fixed clock', () => {
    const clock = fixedClock('2026-05-12T23:30:00Z');
    const values = new Map([['fld_bday', '1990-05-13']]);

    const inAuckland = studioToday(clock.now(), 'Pacific/Auckland');
    const inUtc = studioToday(clock.now(), 'UTC');
    const inLosAngeles = studioToday(clock.now(), 'America/Los_Angeles');

    expect(inAuckland).toBe('2026-05-13');
    expect(computeBadges({ tags: [], fields: [birthday], values, today: inAuckland })).toEqual([
      { source: 'date', sourceId: 'fld_bday', label: 'Birthday 🎂', detail: '1990-05-13', color: null },
    ]);
    expect(computeBadges({ tags: [], fields: [birthday], values, today: inUtc })).toHaveLength(0);
    expect(inLosAngeles).toBe('2026-05-12');
  });
});
