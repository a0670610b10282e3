import { startFakeOpenAi, requestData, type FakeOpenAi } from '../helpers/fakeOpenAi';
import { createLlm } from '../../src/llm';
import { createLogger } from '../../src/util/logger';
import { content, makeLlm, rules } from './llmHarness';

const question = 'Can I still use the CBP One app to get an appointment?';
const cards = [content.get('cbp-one', 'en'), content.get('mexico-returns', 'en')];
const good = {
  answer: 'The CBP One appointment feature ended in January 2025. It is no longer available for scheduling at the border.',
  cardIds: ['cbp-one'],
  needsAttorney: false,
  safetyConcern: false,
  outOfScope: false,
};

describe('createLlm with the real openai client against a local server', () => {
  let fake: FakeOpenAi;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
  });
  afterEach(() => fake.close());

  it('is off when no model is configured', () => {
    expect(createLlm(undefined, rules, 'v', createLogger('silent'))).toBeUndefined();
  });

  it('returns a grounded answer, sends the question as data and counts tokens, not text', async () => {
    fake.reply(() => ({ kind: 'json', body: good }));
    const { llm, logs } = makeLlm(fake.baseUrl);
    const result = await llm.answer({ question, locale: 'en', history: [{ from: 'user', text: 'hello' }], cards });
    expect(result).toEqual({ ok: true, value: good });
    const sent = fake.requests[0];
    expect(sent.messages[0]).toEqual({ role: 'system', content: rules.systemPrompt });
    const data = requestData(sent);
    expect(data.question).toBe(question);
    expect(data.language).toBe('en');
    expect((data.cards as { id: string }[]).map((c) => c.id)).toEqual(['cbp-one', 'mexico-returns']);
    expect(llm.usage).toMatchObject({ calls: 1, promptTokens: 120, completionTokens: 40 });
    expect(logs.join('\n')).not.toContain('CBP One');
  });

  it('does not send contact details the person typed earlier or now', async () => {
    fake.reply(() => ({ kind: 'json', body: good }));
    const { llm } = makeLlm(fake.baseUrl);
    const history = [{ from: 'user' as const, text: 'my number is 213-555-0147 and mail ana@example.com' }];
    await llm.answer({ question: `${question} call 213 555 0148`, locale: 'en', history, cards });
    const sent = fake.requests[0].messages[1].content;
    expect(sent).not.toMatch(/555|ana@example\.com/);
  });

  it('answers an identical question on the same content from the cache', async () => {
    fake.reply(() => ({ kind: 'json', body: good }));
    const { llm } = makeLlm(fake.baseUrl);
    await llm.answer({ question, locale: 'en', history: [], cards });
    const again = await llm.answer({ question: '  can i still use the CBP one app, to get an appointment ', locale: 'en', history: [], cards });
    expect(again.ok).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(llm.usage.cacheHits).toBe(1);
    await llm.answer({ question, locale: 'es', history: [], cards: cards.map((c) => content.get(c.id, 'es')) });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['a slow server', { kind: 'json', body: good, delayMs: 5000 } as const, 'timeout'],
    ['a server that never answers', { kind: 'hang' } as const, 'timeout'],
    ['429', { kind: 'status', status: 429 } as const, 'rateLimited'],
    ['503', { kind: 'status', status: 503 } as const, 'serverError'],
    ['500', { kind: 'status', status: 500 } as const, 'serverError'],
    ['text that is not JSON', { kind: 'text', content: 'Sure! Here is your answer.' } as const, 'malformed'],
    ['a refusal', { kind: 'refusal', message: 'I cannot help with that.' } as const, 'refused'],
    ['JSON of the wrong shape', { kind: 'json', body: { text: 'hi' } } as const, 'rejected'],
  ])('fails cleanly on %s (%s), with one request only', async (_name, reply, reason) => {
    fake.reply(() => reply);
    const { llm } = makeLlm(fake.baseUrl, 600);
    const result = await llm.answer({ question, locale: 'en', history: [], cards });
    expect(result).toMatchObject({ ok: false, reason });
    expect(fake.requests).toHaveLength(1);
  });

  it('stops calling a failing endpoint after three failures in a row', async () => {
    fake.reply(() => ({ kind: 'status', status: 502 }));
    const { llm } = makeLlm(fake.baseUrl);
    for (let i = 0; i < 3; i++) await llm.answer({ question: `q${i}`, locale: 'en', history: [], cards });
    const fourth = await llm.answer({ question: 'q4', locale: 'en', history: [], cards });
    expect(fourth).toMatchObject({ ok: false, reason: 'circuitOpen' });
    expect(fake.requests).toHaveLength(3);
  });

  it('fails with a network reason when nothing listens', async () => {
    const url = fake.baseUrl;
    await fake.close();
    const { llm } = makeLlm(url);
    expect(await llm.answer({ question, locale: 'en', history: [], cards })).toMatchObject({ ok: false, reason: 'network' });
    fake = await startFakeOpenAi();
  });

  it('translates for staff, in order, and refuses a translation into the wrong language', async () => {
    fake.reply((req) => {
      const data = requestData(req) as { texts: string[] };
      return { kind: 'json', body: { translations: data.texts.map((_, i) => `My brother was sent back, message ${i + 1}, what can he do`) } };
    });
    const { llm } = makeLlm(fake.baseUrl);
    const result = await llm.translate(['Mi hermano fue regresado', '¿Qué puede hacer?'], 'es', 'en');
    expect(result).toEqual({ ok: true, value: ['My brother was sent back, message 1, what can he do', 'My brother was sent back, message 2, what can he do'] });
    expect(llm.translateForStaff).toBe(llm.translate);
    const wrong = await llm.translate(['My brother was sent back to Mexico'], 'en', 'es');
    expect(wrong).toMatchObject({ ok: false, reason: 'rejected', detail: 'wrongLanguage' });
  });

  it('summarizes a lead in English and falls back to the template when the model fails or judges eligibility', async () => {
    const template = 'Outcome: qualified (detained family member)\nLanguage: Spanish, channel webchat, office Los Angeles';
    fake.reply(() => ({ kind: 'json', body: { summary: 'A Spanish-speaking person wrote through the website about a detained family member; the Los Angeles office fits.' } }));
    const { llm } = makeLlm(fake.baseUrl);
    expect(await llm.summarize(template)).toContain('Los Angeles office');
    fake.reply(() => ({ kind: 'json', body: { summary: 'This person is eligible for asylum and will win.' } }));
    expect(await llm.summarize(template)).toBe(template);
    fake.reply(() => ({ kind: 'status', status: 500 }));
    expect(await llm.summarize(template)).toBe(template);
  });
});
