import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = { [key: string]: string | Messages };

const root = join(import.meta.dirname, '..');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Messages;

/** Keys without their plural suffix: French has a `_many` form that English lacks. */
function keysOf(messages: Messages, prefix = ''): string[] {
  const keys = Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`] : keysOf(value, `${prefix}${key}.`),
  );
  return [...new Set(keys)];
}

/** The shared files and every feature's own pair (`features/<area>/i18n/{en,fr}.json`, or `features/<area>/<part>/i18n/`). */
const areas = readdirSync(join(root, 'features'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'features', e.name));
const parts = areas.flatMap((area) => readdirSync(area, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'i18n').map((e) => join(area, e.name)));
const pairs: [string, string][] = [
  [join(root, 'i18n/en.json'), join(root, 'i18n/fr.json')],
  ...[...areas, ...parts]
    .map((dir) => join(dir, 'i18n'))
    .filter((dir) => existsSync(join(dir, 'en.json')))
    .map((dir): [string, string] => [join(dir, 'en.json'), join(dir, 'fr.json')]),
];

describe('UI messages', () => {
  it.each(pairs)('has the same keys in English and French (%s)', (enPath, frPath) => {
    expect(existsSync(frPath)).toBe(true);

    expect(keysOf(read(frPath)).sort()).toEqual(keysOf(read(enPath)).sort());
  });

  it('keeps each feature under top-level keys no other file uses', () => {
    const owners = new Map<string, string>();
    for (const [enPath] of pairs) {
      for (const key of Object.keys(read(enPath))) {
        expect(owners.get(key), `"${key}" is defined in ${owners.get(key)} and ${enPath}`).toBeUndefined();
        owners.set(key, enPath);
      }
    }
  });
});
