import fs from 'node:fs';
import path from 'node:path';
import { LOCALES } from '../../src/content/cardSchema';
import { createTranslator, NAMESPACES, readLocaleResources } from '../../src/i18n/createTranslator';
import { STAFF_LOCALES } from '../../src/staff/mountStaff';
import { ROOT } from '../helpers/testRuntime';

function flattenKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}

const localesDir = path.join(ROOT, 'locales');
const resources = readLocaleResources(localesDir);

describe.each(NAMESPACES)('locales/<lang>/%s.json', (ns) => {
  const english = flattenKeys(resources.en[ns]).sort();

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys', (locale) => {
    expect(flattenKeys(resources[locale][ns]).sort()).toEqual(english);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s is not older than English', (locale) => {
    const version = (r: unknown) => (r as { _meta: { version: number } })._meta.version;
    expect(version(resources[locale][ns])).toBeGreaterThanOrEqual(version(resources.en[ns]));
  });

  it.each(LOCALES)('%s has no empty strings and keeps every {{placeholder}} of English', (locale) => {
    const texts = createTranslator(localesDir);
    for (const key of english.filter((k) => !k.startsWith('_meta'))) {
      const text = texts.t(locale, `${ns}:${key}`);
      expect(text.trim()).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const raw = (lng: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], resources[lng][ns]) as string;
      expect(placeholders(raw(locale))).toEqual(placeholders(raw('en')));
    }
  });
});

describe('the disclaimer in the greeting', () => {
  const texts = createTranslator(localesDir);
  it.each([
    ['en', /automated assistant/, /not a lawyer/, /does not create an attorney–client relationship/],
    ['es', /asistente automático/, /No soy abogado/, /no crea una relación abogado-cliente/],
    ['zh', /自动助手/, /不是律师/, /不会建立律师与委托人关系/],
  ] as const)('%s says it is automated, not a lawyer, and creates no attorney–client relationship', (locale, a, b, c) => {
    const hello = texts.t(locale, 'greeting.hello', { firm: 'F' });
    expect(hello).toMatch(a);
    expect(hello).toMatch(b);
    expect(hello).toMatch(c);
  });
});

describe('locales/<lang>/staff.json, the staff app', () => {
  const read = (locale: string) => JSON.parse(fs.readFileSync(path.join(localesDir, locale, 'staff.json'), 'utf8')) as Record<string, unknown>;
  const english = read('en');
  const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it.each(STAFF_LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys, none empty, with the same placeholders', (locale) => {
    const other = read(locale);
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(other).filter(([k]) => k !== '_meta')) {
      expect(typeof text === 'string' && text.trim() !== '').toBe(true);
      expect([key, placeholders(text)]).toEqual([key, placeholders(english[key])]);
    }
  });

  it('has every key the pages and scripts use', () => {
    const used = new Set<string>();
    const staticDir = path.join(ROOT, 'public', 'staff');
    for (const name of fs.readdirSync(staticDir)) {
      const text = fs.readFileSync(path.join(staticDir, name), 'utf8');
      for (const m of text.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)) used.add(m[1] ?? '');
      // Keys built from a prefix and a value ("outcome." + outcome) are left to the views' own tests.
      for (const m of text.matchAll(/\bS?\.?t\('([a-zA-Z.]+[a-zA-Z])'/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !(key in english))).toEqual([]);
  });
});

describe('the staff app names every screening question', () => {
  it('has a label for each question id in dialogs/screening.yaml', () => {
    const english = JSON.parse(fs.readFileSync(path.join(localesDir, 'en', 'staff.json'), 'utf8')) as Record<string, unknown>;
    const ids = [...fs.readFileSync(path.join(ROOT, 'dialogs', 'screening.yaml'), 'utf8').matchAll(/^ {2}- id: (\w+)$/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    expect(ids.filter((id) => !(`question.${id}` in english))).toEqual([]);
  });
});
