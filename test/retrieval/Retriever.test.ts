import { type Locale, LOCALES } from '../../src/content/cardSchema';
import { CONFIDENT_THRESHOLD, type RetrievableCard, Retriever, WEAK_THRESHOLD } from '../../src/retrieval/Retriever';

type Words = [title: string, keywords: string[], question: string, text: string];

/** One card id in three languages; the text goes in `short`, or in `body` when `inBody` is set. */
function cardIn(id: string, texts: Record<Locale, Words>, inBody = false): RetrievableCard[] {
  return LOCALES.map((locale) => {
    const [title, keywords, question, text] = texts[locale];
    return { id, locale, title, keywords, questions: [question], short: inBody ? '' : text, body: inBody ? text : '' };
  });
}

const cards: RetrievableCard[] = [
  ...cardIn('asylum', {
    en: ['Asylum basics', ['asylum', 'persecution', 'refugee'], 'What is asylum?', 'Asylum protects people who fear persecution.'],
    es: ['Lo básico del asilo', ['asilo', 'persecución', 'refugiado'], '¿Qué es el asilo?', 'El asilo protege a quien teme persecución.'],
    zh: ['庇护基础', ['庇护', '迫害', '难民'], '什么是庇护？', '庇护保护害怕迫害的人。'],
  }),
  ...cardIn('app', {
    en: ['The CBP One app', ['CBP One', 'appointment', 'phone app'], 'How did CBP One appointments work?', 'Border appointments were booked in an app.'],
    es: ['La aplicación CBP One', ['CBP One', 'cita', 'aplicación'], '¿Cómo funcionaban las citas?', 'Las citas se pedían en una aplicación.'],
    zh: ['CBP One 应用', ['CBP One', '预约', '手机应用'], 'CBP One 预约怎么用？', '边境预约通过手机应用办理。'],
  }),
  ...cardIn('danger', {
    en: ['If you are in danger', ['danger', 'threatened', 'emergency'], 'Someone threatened me', 'Call 911.'],
    es: ['Si está en peligro', ['peligro', 'amenaza', 'emergencia'], 'Me amenazaron', 'Llame al 911.'],
    zh: ['如果您有危险', ['危险', '威胁', '紧急'], '有人威胁我', '请拨打911。'],
  }),
  ...cardIn(
    'deadline',
    {
      en: ['The one-year deadline', ['deadline', 'one year', 'time limit'], 'How long do I have to apply for asylum?', 'Apply within one year.'],
      es: ['El plazo de un año', ['plazo', 'un año', 'límite de tiempo'], '¿Cuánto tiempo tengo para pedir asilo?', 'Pídalo dentro de un año.'],
      zh: ['一年期限', ['期限', '一年', '时间限制'], '申请庇护有时间限制吗？', '抵达一年内申请庇护。'],
    },
    true,
  ),
];

const retriever = new Retriever(cards);

describe('Retriever', () => {
  it.each([
    ['what is asylum', 'asylum'],
    ['que es el asilo', 'asylum'],
    ['什么是庇护', 'asylum'],
    ['how do i get a cbp one appointment', 'app'],
    ['como saco una cita', 'app'],
    ['怎么预约', 'app'],
    ['someone threatened me', 'danger'],
    ['estoy en peligro', 'danger'],
    ['我有危险', 'danger'],
    ['how long do i have to apply', 'deadline'],
    ['cuanto tiempo tengo', 'deadline'],
    ['有时间限制吗', 'deadline'],
  ])('answers %p with the %s card', (query, id) => {
    const result = retriever.search(query);
    expect(result.kind).toBe('confident');
    expect(result.matches[0].id).toBe(id);
  });

  it.each([
    ['asilum', 'asylum'],
    ['they are threatening me', 'danger'],
    ['me estan amenazando', 'danger'],
    ['aplicacion', 'app'],
  ])('forgives the misspelling or other word form in %p', (query, id) => {
    expect(retriever.search(query).matches[0]?.id).toBe(id);
  });

  it.each([['hello'], ['hola'], ['你好'], ['thanks!'], ['asdfgh'], ["what's the weather"], ['12345'], ['']])(
    'finds nothing for %p',
    (query) => {
      expect(retriever.search(query)).toEqual({ kind: 'none', confidence: 0, matches: [] });
    },
  );

  it.each([['danger appointment'], ['peligro cita'], ['危险 预约']])(
    'offers the closest topics, not one answer, for %p, which sits between two cards',
    (query) => {
      const result = retriever.search(query);
      expect(result.kind).toBe('weak');
      expect(result.matches.map((m) => m.id).sort()).toEqual(['app', 'danger']);
    },
  );

  it('returns distinct card ids, best first, at most the limit', () => {
    const result = retriever.search('asylum one year deadline app', { limit: 2 });
    expect(result.matches).toHaveLength(2);
    expect(new Set(result.matches.map((m) => m.id)).size).toBe(2);
    expect(result.matches[0].score).toBeGreaterThanOrEqual(result.matches[1].score);
  });

  it('ranks a card named by the word above a card that only mentions it in its text', () => {
    const ids = retriever.search('asylum').matches.map((m) => m.id);
    expect(ids.indexOf('asylum')).toBeLessThan(ids.indexOf('deadline'));
  });

  it('keeps confidence between 0 and 1 and consistent with the kind', () => {
    for (const query of ['asylum', 'cbp one appointment app', 'asylum deadline', 'weather in paris']) {
      const { kind, confidence } = retriever.search(query);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
      const expected = confidence >= CONFIDENT_THRESHOLD ? 'confident' : confidence >= WEAK_THRESHOLD ? 'weak' : 'none';
      expect(kind).toBe(expected);
    }
  });
});
