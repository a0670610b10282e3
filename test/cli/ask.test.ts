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
