import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { createLlm, contentVersionOf, loadLlmRules } from '../../src/llm';
import { createLogger } from '../../src/util/logger';
import { requestData, startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi';
import { createTestAdapter, createTestRuntime, sendAndCollect, tagsOf, ROOT, type TestRuntime } from '../helpers/testRuntime';

/**
 * Golden conversations with a language model: the local fake server plays the model (each step says what it
 * answers), the real openai client calls it, and the bot's replies are compared by key and card id. Each
 * step also says which cards the bot gave the model and how much of the conversation it sent as context.
 */
const modelSchema = z.union([
  z.object({ answer: z.string(), cardIds: z.array(z.string()), needsAttorney: z.boolean().default(false) }),
  z.object({ status: z.number().int() }),
]);
const stepSchema = z.object({
  user: z.string(),
  model: modelSchema.optional(),
  sent: z.object({ cards: z.array(z.string()).optional(), history: z.number().int() }).optional(),
  bot: z.array(z.string()),
});
const goldenSchema = z.object({ description: z.string(), steps: z.array(stepSchema).min(1) });

const dir = path.join(__dirname, 'llm');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('golden conversations with a language model', () => {
  let rt: TestRuntime;
  let fake: FakeOpenAi;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    const domain = (await import('../helpers/testRuntime')).realDomain();
    const llm = createLlm(
      { baseUrl: fake.baseUrl, model: 'fake', timeoutMs: 20_000, maxTokens: 500 },
      loadLlmRules(path.join(ROOT, 'dialogs', 'llm.yaml')),
      contentVersionOf(domain.content.cards),
      createLogger('silent'),
    );
    rt = await createTestRuntime({ llm });
  });
  afterEach(async () => {
    await rt.close();
    await fake.close();
  });

  it('covers the three languages', () => {
    expect(files).toEqual(['follow-up.en.yaml', 'follow-up.es.yaml', 'follow-up.zh.yaml']);
  });

  it.each(files)('%s', async (file) => {
    const golden = goldenSchema.parse(YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const adapter = createTestAdapter(rt.runtime, { locale: '' });
    for (const [i, step] of golden.steps.entries()) {
      const model = step.model;
      fake.reply(() =>
        !model ? { kind: 'status', status: 500, message: 'not expected' }
        : 'status' in model ? { kind: 'status', status: model.status }
        : { kind: 'json', body: { answer: model.answer, cardIds: model.cardIds, needsAttorney: model.needsAttorney, safetyConcern: false, outOfScope: false } },
      );
      const asked = fake.requests.length;
      const replies = await sendAndCollect(adapter, step.user);
      const messages = replies.filter((r) => r.type === 'message');
      expect({ step: i + 1, bot: tagsOf(messages) }).toEqual({ step: i + 1, bot: step.bot });
      expect(fake.requests.length - asked).toBe(model ? 1 : 0);
      if (!model) continue;
      expect(replies[0].type).toBe('typing');
      const data = requestData(fake.requests[fake.requests.length - 1]) as { question: string; history: unknown[]; cards: { id: string }[] };
      expect(data.question).toBe(step.user);
      expect(data.history).toHaveLength(step.sent?.history ?? 0);
      for (const card of step.sent?.cards ?? []) expect(data.cards.map((c) => c.id)).toContain(card);
      if ('answer' in model) expect(messages[0].text).toContain(model.answer);
    }
  });
});
