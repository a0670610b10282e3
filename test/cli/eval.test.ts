import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { requestData, startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi';
import { ROOT } from '../helpers/testRuntime';

const run = promisify(execFile);
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const EVAL = path.join(ROOT, 'src', 'cli', 'eval.ts');

interface EvalOutput {
  retriever: { locale: string; top1: number; top3: number }[];
  llm?: { locale: string; asked: number; passed: number; failures: Record<string, number> }[];
}

/** A fake model that answers from the first card it is given, in that card's words (and so in its language). */
function answerFromFirstCard(fake: FakeOpenAi): void {
  fake.reply((request) => {
    const data = requestData(request) as { cards: { id: string; text: string }[] };
    const first = data.cards[0];
    return { kind: 'json', body: { answer: first.text.split('\n')[0], cardIds: [first.id], needsAttorney: false, safetyConcern: false, outOfScope: false } };
  });
}

describe('npm run eval', () => {
  it('reports retriever top-1 and top-3 per language, and no model figures when none is configured', async () => {
    const { stdout } = await run(TSX, [EVAL, '--json'], { cwd: ROOT, env: { ...process.env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', OPENAI_MODEL: '' } });
    const out = JSON.parse(stdout) as EvalOutput;
    expect(out.retriever.map((s) => s.locale)).toEqual(['en', 'es', 'zh']);
    for (const s of out.retriever) expect(s.top3).toBeGreaterThanOrEqual(s.top1);
    expect(out.llm).toBeUndefined();
  });

  it('with a model configured, reports the share of its answers that pass the checks, per language', async () => {
    const fake = await startFakeOpenAi();
    try {
      answerFromFirstCard(fake);
      const env = { ...process.env, OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'fake', OPENAI_API_KEY: '' };
      const { stdout } = await run(TSX, [EVAL, '--json'], { cwd: ROOT, env });
      const out = JSON.parse(stdout) as EvalOutput;
      expect(out.llm?.map((s) => s.locale)).toEqual(['en', 'es', 'zh']);
      for (const s of out.llm ?? []) {
        expect(s.asked).toBeGreaterThanOrEqual(30);
        expect(s.passed / s.asked).toBeGreaterThanOrEqual(0.9);
      }
      expect(fake.requests.length).toBe((out.llm ?? []).reduce((n, s) => n + s.asked, 0));
    } finally {
      await fake.close();
    }
  });
});
