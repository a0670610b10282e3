import fs from 'node:fs';
import path from 'node:path';
import { LOCALES } from '../../src/content/cardSchema';
import { loadCards } from '../../src/content/loadCards';
import { makeTempDir, ROOT } from '../helpers/testRuntime';

const REQUIRED_IDS = [
  'mexico-returns', 'who-was-affected', 'title-42', 'expedited-removal', 'why-it-matters',
  'smuggling-and-root-causes', 'family-reunification-parole', 'border-modernization', 'cbp-one',
  'chnv-parole', 'lawful-pathways-rule', 'changes-since-2023', 'asylum-basics', 'one-year-deadline',
  'credible-fear', 'legal-help-and-notario-fraud', 'firm-contact', 'emergency', 'privacy',
  'asylum-fees', 'asylum-decision-hold', 'tps-changes', 'leaving-the-us', 'remain-in-mexico',
];

const library = loadCards(path.join(ROOT, 'locales'));

describe('content cards', () => {
  it('has every required card', () => {
    expect(library.ids.sort()).toEqual(expect.arrayContaining(REQUIRED_IDS));
  });

  const cases = library.cards.map((c) => [`${c.locale}:${c.id}`, c] as const);
  it.each(cases)('%s carries an as-of date, a status and dated sources', (_name, card) => {
    expect(Date.parse(card.asOf)).not.toBeNaN();
    expect(card.sources.length).toBeGreaterThan(0);
    // A source cannot be newer than the day the card's facts were checked against it.
    for (const source of card.sources) expect(source.date <= card.asOf).toBe(true);
  });

  it.each(['cbp-one', 'chnv-parole', 'family-reunification-parole', 'title-42'])('%s is not described as open today', (id) => {
    for (const locale of LOCALES) expect(library.get(id, locale).status).toBe('ended');
  });

  it.each(['mexico-returns', 'who-was-affected', 'why-it-matters'])('%s is historical', (id) => {
    expect(library.get(id, 'en').status).toBe('historical');
  });

  it('never invites people to book CBP One or apply for the ended parole programs', () => {
    const invitations = [/\byou can (book|schedule|apply)\b/i, /\bpuede (reservar|solicitar|agendar)\b/i, /(您|你)(现在)?(可以|能)(预约|申请)/];
    for (const card of library.cards.filter((c) => ['cbp-one', 'chnv-parole', 'family-reunification-parole'].includes(c.id))) {
      for (const pattern of invitations) expect(`${card.short} ${card.body}`).not.toMatch(pattern);
    }
  });
});

describe('content card consistency checks', () => {
  function writeCard(dir: string, locale: string, id: string, version: number): void {
    const folder = path.join(dir, locale, 'cards');
    fs.mkdirSync(folder, { recursive: true });
    const sources = '  - { title: T, publisher: P, date: 2023-05-02 }';
    const front = [
      '---', `id: ${id}`, `version: ${version}`, 'title: Title', 'short: Short.', 'asOf: 2026-01-14', 'status: historical',
      'sources:', sources, 'keywords: [a, b, c]', 'questions: [q1, q2]', '---', 'Body.',
    ];
    fs.writeFileSync(path.join(folder, `${id}.md`), front.join('\n'));
  }

  it('refuses a card that is missing in one language', () => {
    const dir = makeTempDir();
    writeCard(dir, 'en', 'sample', 1);
    writeCard(dir, 'es', 'sample', 1);
    expect(() => loadCards(dir)).toThrow(/sample: missing in zh/);
  });

  it('refuses a translation older than its English source', () => {
    const dir = makeTempDir();
    writeCard(dir, 'en', 'sample', 2);
    writeCard(dir, 'es', 'sample', 2);
    writeCard(dir, 'zh', 'sample', 1);
    expect(() => loadCards(dir)).toThrow(/sample: zh is version 1, older than English 2/);
  });

  it('names the file and field of a malformed card', () => {
    const dir = makeTempDir();
    writeCard(dir, 'en', 'sample', 1);
    const file = path.join(dir, 'en', 'cards', 'sample.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: historical', 'status: maybe'));
    expect(() => loadCards(dir)).toThrow(/sample\.md: status/);
  });
});
