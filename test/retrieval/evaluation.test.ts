import path from 'node:path';
import { LOCALES } from '../../src/content/cardSchema';
import { loadCards } from '../../src/content/loadCards';
import { readEvalSet, scoreRetriever } from '../../src/cli/evaluateRetriever';
import { Retriever } from '../../src/retrieval/Retriever';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const ROOT = findProjectRoot(__dirname);
const EVAL_DIR = path.join(ROOT, 'test', 'eval');
const MIN_TOP3_ACCURACY = 0.8;
const MIN_TOP1_ACCURACY = 0.7;

const CARD_IDS = [
  'mexico-returns', 'who-was-affected', 'title-42', 'expedited-removal', 'why-it-matters',
  'smuggling-and-root-causes', 'family-reunification-parole', 'border-modernization', 'cbp-one',
  'chnv-parole', 'lawful-pathways-rule', 'changes-since-2023', 'asylum-basics', 'one-year-deadline',
  'credible-fear', 'legal-help-and-notario-fraud', 'firm-contact', 'emergency', 'privacy',
  'asylum-fees', 'asylum-decision-hold', 'tps-changes', 'leaving-the-us', 'remain-in-mexico',
];

const { cards } = loadCards(path.join(ROOT, 'locales'));
const retriever = new Retriever(cards);

describe.each(LOCALES)('retrieval evaluation set (%s)', (locale) => {
  const items = readEvalSet(EVAL_DIR, locale);
  const answerable = items.filter((item) => item.expected !== null);
  const score = scoreRetriever(retriever, locale, items);

  it('holds at least 25 questions, covers every card and has off-topic items', () => {
    expect(answerable.length).toBeGreaterThanOrEqual(25);
    expect(new Set(answerable.map((item) => item.expected))).toEqual(new Set(CARD_IDS));
    expect(items.length - answerable.length).toBeGreaterThanOrEqual(3);
  });

  it('has every card it expects in this language', () => {
    const present = new Set(cards.filter((card) => card.locale === locale).map((card) => card.id));
    for (const id of CARD_IDS) expect(present).toContain(id);
  });

  it(`finds the expected card in the top 3 for at least ${MIN_TOP3_ACCURACY * 100}% of questions`, () => {
    expect(score.top3).toBeGreaterThanOrEqual(MIN_TOP3_ACCURACY);
  });

  it(`puts the expected card first for at least ${MIN_TOP1_ACCURACY * 100}% of questions`, () => {
    expect(score.top1).toBeGreaterThanOrEqual(MIN_TOP1_ACCURACY);
  });

  it.each(items.filter((item) => item.expected === null).map((item) => [item.q]))('finds nothing for the off-topic %p', (q) => {
    expect(retriever.search(q).kind).toBe('none');
  });
});

describe('retrieval on the real cards', () => {
  const greetingsAndNoise = ['hello', 'hi', 'good morning', 'thanks', 'hola', 'buenos días', 'gracias', '你好', '谢谢', 'asdfgh', "what's the weather"];
  it.each(greetingsAndNoise.map((q) => [q]))('finds nothing for %p', (q) => {
    expect(retriever.search(q).kind).toBe('none');
  });

  it.each([
    ['cbp one', 'cbp-one'],
    ['title 42', 'title-42'],
    ['notario', 'legal-help-and-notario-fraud'],
    ['递解令', 'emergency'],
  ])('answers the bare topic %p with %s', (q, id) => {
    const result = retriever.search(q);
    expect(result.kind).toBe('confident');
    expect(result.matches[0].id).toBe(id);
  });
});
