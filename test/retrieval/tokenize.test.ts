import { analyzeText, stem, TERM_WEIGHTS, tokenize } from '../../src/retrieval/tokenize';

describe('tokenize', () => {
  it.each([
    ['What is the CBP One app?', ['cbp', 'one', 'app']],
    ['¿Qué es la DEPORTACIÓN expedita?', ['deportacion', 'expedit']],
    ['Deportaciones y políticas', ['deportacion', 'politic']],
    ["Mexico's returns policies", ['mexic', 'return', 'policy']],
    ['Title ４２', ['titl', '42']],
    ['hola, buenos días', []],
    ['hello there, thanks!', []],
    ['你好，谢谢', []],
  ])('%p gives %p', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('cuts Chinese into words and adds the two-character pieces across them', () => {
    const tokens = tokenize('我想了解庇护申请的一年期限');
    expect(tokens).toEqual(expect.arrayContaining(['庇护', '申请', '期限', '护申', '年期']));
    expect(tokens).not.toEqual(expect.arrayContaining(['我想', '的']));
  });

  it('lets a Chinese word split differently in two texts still meet through its pieces', () => {
    const card = new Set(tokenize('卡莱克西科口岸'));
    expect(tokenize('卡莱克西科').filter((token) => token.length === 2 && card.has(token)).length).toBeGreaterThanOrEqual(3);
  });

  it('weighs whole words above pieces and single characters of Chinese', () => {
    const terms = analyzeText('卡莱克西科口岸');
    expect(terms.find((t) => t.text === '口岸')?.weight).toBe(TERM_WEIGHTS.word);
    expect(terms.find((t) => t.text === '卡莱')?.weight).toBe(TERM_WEIGHTS.hanPiece);
  });
});

describe('stem', () => {
  it.each([
    ['policies', 'policy'],
    ['rules', 'rule'],
    ['titles', 'titl'],
    ['title', 'titl'],
    ['deportaciones', 'deportacion'],
    ['deportacion', 'deportacion'],
    ['rapido', 'rapid'],
    ['rapida', 'rapid'],
    ['mexicano', 'mexican'],
    ['process', 'process'],
    ['crisis', 'crisis'],
    ['visa', 'visa'],
    ['2023', '2023'],
  ])('%s -> %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});
