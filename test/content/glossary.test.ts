import path from 'node:path';
import { LOCALES } from '../../src/content/cardSchema';
import { findGlossaryViolations, findMissingExplanations, interfaceStringsOf, loadGlossary, shownTextOf } from '../../src/content/glossary';
import { loadCards } from '../../src/content/loadCards';
import { createTranslator } from '../../src/i18n/createTranslator';
import { renderCardFooter } from '../../src/flow/renderCard';
import { ROOT } from '../helpers/testRuntime';

const localesDir = path.join(ROOT, 'locales');
const content = loadCards(localesDir);

describe.each(LOCALES)('the %s glossary', (locale) => {
  const glossary = loadGlossary(localesDir, locale);

  it.each(content.cards.filter((c) => c.locale === locale).map((c) => [c.id, c] as const))('card %s uses only the glossary terms, explained where asked', (_id, card) => {
    expect(findGlossaryViolations(shownTextOf(card), glossary)).toEqual([]);
    expect(findMissingExplanations(shownTextOf(card), glossary).map((t) => t.idea)).toEqual([]);
  });

  it('every interface string uses only the glossary terms', () => {
    const found = interfaceStringsOf(localesDir, locale).flatMap(({ where, text }) => findGlossaryViolations(text, glossary).map((v) => `${where}: ${v.found}`));
    expect(found).toEqual([]);
  });
});

describe('the glossary check catches what it rules out', () => {
  it.each([
    ['en', 'You got a deportation order.', 'deportation order'],
    ['en', 'Fast removal was widened.', 'Fast removal'],
    ['es', 'La deportación acelerada se amplió.', 'deportación acelerada'],
    ['es', 'no crea una relación entre abogado y cliente', 'relación entre abogado y cliente'],
    ['zh', '如果您收到了遣返令', '遣返令'],
    ['zh', '加速遣返扩大到全美', '加速遣返'],
    ['zh', '家庭团聚假释已结束', '假释'],
    ['zh', '依据第8条遣返', '第8条'],
    ['zh', '小心“公证人”', '公证人'],
    ['zh', '不会建立律师与客户的关系', '律师与客户的关系'],
    ['zh', 'Reeves移民律师事务所', 'Reeves移民律师事务所'],
  ] as const)('%s: %s', (locale, text, found) => {
    expect(findGlossaryViolations(text, loadGlossary(localesDir, locale)).map((v) => v.found)).toContain(found);
  });

  it('accepts the terms themselves, and words that only contain a variant', () => {
    expect(findGlossaryViolations('驱逐出境令、快速遣返、人道假释、第8编、律师与委托人关系', loadGlossary(localesDir, 'zh'))).toEqual([]);
    expect(findGlossaryViolations('expedited removal and a removal order', loadGlossary(localesDir, 'en'))).toEqual([]);
  });

  it('asks a Chinese card using 人道假释 to explain it once', () => {
    const glossary = loadGlossary(localesDir, 'zh');
    expect(findMissingExplanations('CHNV人道假释已结束。', glossary).map((t) => t.use)).toEqual(['人道假释']);
    expect(findMissingExplanations('CHNV人道假释（parole，临时入境许可）已结束。', glossary)).toEqual([]);
  });
});

describe('the Spanish footer of an ended program', () => {
  it('says when the information was checked, never "vigente"', () => {
    const texts = createTranslator(localesDir);
    for (const card of content.cards.filter((c) => c.locale === 'es' && c.status === 'ended')) {
      const footer = renderCardFooter(card, texts, { cards: false, typing: false, media: [] });
      expect(footer).toMatch(/^Información revisada el 4 de diciembre de 2026 · terminado/);
      expect(footer.toLowerCase()).not.toContain('vigente');
    }
  });
});
