import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { askOnce } from '../../src/cli/ask';
import { realDomain, ROOT } from '../helpers/testRuntime';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ASK = path.join(ROOT, 'src', 'cli', 'ask.ts');

function runAsk(args: string[], input?: string) {
  const result = spawnSync(TSX, [ASK, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, lines: result.stdout.split('\n').filter(Boolean), stderr: result.stderr };
}

describe('askOnce', () => {
  it.each([
    ['what was title 42', undefined, 'title-42', 'en'],
    ['¿todavía puedo pedir una cita de CBP One?', 'es', 'cbp-one', 'es'],
    ['什么是可信恐惧面谈', undefined, 'credible-fear', 'zh'],
    ['my brother was detained by ICE', undefined, 'emergency', 'en'],
  ] as const)('%s -> %s', (question, locale, topic, detected) => {
    const answer = askOnce(realDomain(), question, locale);
    expect(answer.topic).toBe(topic);
    expect(answer.locale).toBe(detected);
    expect(answer.confidence).toBeGreaterThanOrEqual(0);
    expect(answer.text.length).toBeGreaterThan(40);
  });

  it('answers null for something it does not know, and says so in the text', () => {
    const answer = askOnce(realDomain(), 'asdfghjkl qwerty', 'en');
    expect(answer.topic).toBeNull();
    expect(answer.text).toContain(realDomain().texts.t('en', 'answer.none'));
  });
});

describe('askOnce on what changed in 2025 and 2026 (issue questions and variants)', () => {
  it.each([
    ['do I have to pay to ask for asylum?', 'en', 'asylum-fees', ['$100', 'Annual Asylum Fee', 'cannot be waived', 'As reported']],
    ['¿tengo que pagar para pedir asilo?', 'es', 'asylum-fees', ['$100', 'cuota anual de asilo', 'no se pueden exentar', 'Según informes']],
    ['申请庇护要交钱吗？', 'zh', 'asylum-fees', ['100美元', '年度庇护费', '不能减免', '据报道']],
    ['is the fast deportation still paused?', 'en', 'expedited-removal', ['29 August 2025', 'reported', 'back in effect', 'attorney']],
    ['¿sigue suspendida la deportación rápida?', 'es', 'expedited-removal', ['29 de agosto de 2025', 'Según informes', 'otra vez en vigor', 'abogado']],
    ['快速遣返还在暂停吗？', 'zh', 'expedited-removal', ['2025年8月29日', '据新闻报道', '重新生效', '律师']],
    ['can I still get TPS as a Honduran?', 'en', 'tps-changes', ['8 September 2025', '9 February 2026', 'reported, not confirmed']],
    ['¿todavía puedo obtener TPS siendo hondureño?', 'es', 'tps-changes', ['8 de septiembre de 2025', '9 de febrero de 2026', 'sin confirmar']],
    ['洪都拉斯人还能拿TPS吗？', 'zh', 'tps-changes', ['2025年9月8日', '2026年2月9日', '未经证实']],
    ['what happens if I leave with CBP Home?', 'en', 'leaving-the-us', ['presumed abandoned', 'advance parole', 'carries out that order', '3 or 10 years', 'attorney']],
    ['¿qué pasa si me voy con CBP Home?', 'es', 'leaving-the-us', ['se presume abandonada', 'advance parole', 'ejecuta esa orden', '3 o 10 años', 'abogado']],
    ['用CBP Home离开会怎么样？', 'zh', 'leaving-the-us', ['推定为放弃', 'advance parole', '执行了这道命令', '3年或10年', '律师']],
    ['is Remain in Mexico back?', 'en', 'remain-in-mexico', ['21 January 2025', 'had not agreed', 'not confirmed']],
    ['¿volvió Quédate en México?', 'es', 'remain-in-mexico', ['21 de enero de 2025', 'no lo había aceptado', 'No está confirmado']],
    ['“留在墨西哥”政策回来了吗？', 'zh', 'remain-in-mexico', ['2025年1月21日', '没有同意', '尚未证实']],
    ['are asylum decisions on hold?', 'en', 'asylum-decision-hold', ['28 November 2025', '2 December 2025', 'Reported since']],
    ['¿están en pausa las decisiones de asilo?', 'es', 'asylum-decision-hold', ['28 de noviembre de 2025', 'no lo ha confirmado']],
    ['庇护决定是不是暂停了？', 'zh', 'asylum-decision-hold', ['2025年11月28日', '据报道']],
  ] as const)('%s -> %s', (question, locale, topic, phrases) => {
    const answer = askOnce(realDomain(), question, locale);
    expect(answer.topic).toBe(topic);
    expect(answer.locale).toBe(locale);
    for (const phrase of phrases) expect(answer.text).toContain(phrase);
  });
});

describe('npm run ask', () => {
  it('prints one JSON line for one question', () => {
    const { status, lines } = runAsk(['--locale', 'es', '¿qué es el asilo?']);
    expect(status).toBe(0);
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]) as { topic: string; locale: string; alternatives: string[]; confidence: number };
    expect(answer).toMatchObject({ topic: 'asylum-basics', locale: 'es' });
    expect(Array.isArray(answer.alternatives)).toBe(true);
  });

  it('reads JSON objects and plain lines from stdin with --jsonl, one answer per question', () => {
    const input = ['{"q": "什么是第42条", "locale": "zh"}', 'what is credible fear', '', '{"q": "cuánto tiempo tengo para pedir asilo"}'].join('\n');
    const { status, lines } = runAsk(['--jsonl'], input);
    expect(status).toBe(0);
    expect(lines.map((l) => (JSON.parse(l) as { topic: string }).topic)).toEqual(['title-42', 'credible-fear', 'one-year-deadline']);
  });

  it('refuses an unknown locale with a usage message and exit code 2', () => {
    const { status, stderr } = runAsk(['--locale', 'fr', 'bonjour']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--locale takes en, es or zh/);
  });
});
