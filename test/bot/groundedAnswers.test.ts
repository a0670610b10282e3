import { createLlm, contentVersionOf } from '../../src/llm';
import { createLogger } from '../../src/util/logger';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi';
import { buttonsOf, choicesOf, createTestAdapter, createTestRuntime, realDomain, sendAndCollect, tagsOf, type TestRuntime } from '../helpers/testRuntime';
import { rules } from '../llm/llmHarness';

const QUESTION = 'Is the parole program for people from Venezuela still open?';
const good = {
  answer: 'The CHNV parole program ended in 2025; new travel authorizations are no longer given.',
  cardIds: ['chnv-parole'],
  needsAttorney: false,
  safetyConcern: false,
  outOfScope: false,
};

describe('free-text answers with a language model, in the bot', () => {
  const domain = realDomain();
  let fake: FakeOpenAi;
  let rt: TestRuntime;
  let logs: string[];

  async function start(timeoutMs = 20_000): Promise<void> {
    logs = [];
    const logger = createLogger('debug', (line) => logs.push(line));
    const llm = createLlm({ baseUrl: fake.baseUrl, model: 'fake', timeoutMs, maxTokens: 500 }, rules, contentVersionOf(domain.content.cards), logger);
    rt = await createTestRuntime({ llm, logger });
  }

  /** A conversation past its welcome, so each reply checked is the answer to the question. */
  async function opened(template: { locale: string; channelId?: string }) {
    const adapter = createTestAdapter(rt.runtime, template);
    await sendAndCollect(adapter, { type: 'conversationUpdate', membersAdded: [{ id: 'u1', name: 'User' }] });
    return adapter;
  }

  beforeEach(async () => {
    fake = await startFakeOpenAi();
  });
  afterEach(async () => {
    await rt.close();
    await fake.close();
  });

  it('shows the answer with its cards and date, the not-legal-advice line, and more / person / menu buttons', async () => {
    await start();
    fake.reply(() => ({ kind: 'json', body: good }));
    const adapter = await opened({ locale: 'en-US' });
    const replies = await sendAndCollect(adapter, QUESTION);
    expect(replies[0].type).toBe('typing');
    const messages = replies.filter((r) => r.type === 'message');
    const card = domain.content.get('chnv-parole', 'en');
    expect(messages[0].text).toContain(good.answer);
    expect(messages[0].text).toContain(`Based on: ${card.title} (as of `);
    expect(messages[0].text).toContain('not legal advice');
    const last = messages[messages.length - 1];
    expect(choicesOf(last)).toEqual(['more', 'person', 'menu']);
    expect(buttonsOf(last)).toEqual(['More on this topic', 'Talk to a person', 'Back to menu']);
    expect(logs.join('\n')).not.toContain('Venezuela');
  });

  it('offers the screening when the question needs an attorney, and "talk to a person" starts it', async () => {
    await start();
    fake.reply(() => ({ kind: 'json', body: { ...good, needsAttorney: true } }));
    const adapter = await opened({ locale: 'en-US' });
    expect(tagsOf(await sendAndCollect(adapter, QUESTION))).toContain('llm.attorney');
    const next = tagsOf(await sendAndCollect(adapter, 'Talk to a person'));
    expect(next.some((t) => t.startsWith('screening:'))).toBe(true);
  });

  it('routes a safety concern to the safety answer', async () => {
    await start();
    fake.reply(() => ({ kind: 'json', body: { ...good, safetyConcern: true } }));
    const adapter = await opened({ locale: 'en-US' });
    const tags = tagsOf(await sendAndCollect(adapter, 'The men who brought me here keep my passport and lock the door. Is the parole for Venezuela still open?'));
    expect(tags).toContain(`card:${domain.flows.emergencyCard}`);
    expect(tags).not.toContain('llm.answer');
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['a server that never answers', { kind: 'hang' } as const],
    ['a 429', { kind: 'status', status: 429 } as const],
    ['a 500', { kind: 'status', status: 500 } as const],
    ['malformed output', { kind: 'text', content: '{"answer": "half' } as const],
    ['a refusal', { kind: 'refusal', message: 'no' } as const],
  ])('gives the retriever’s answer with a short note on %s', async (_name, reply) => {
    await start(700);
    fake.reply(() => reply);
    const adapter = await opened({ locale: 'en-US' });
    const tags = tagsOf((await sendAndCollect(adapter, QUESTION)).filter((r) => r.type === 'message'));
    expect(tags).toEqual(['llm.unavailable', 'card:chnv-parole', 'notice.policy', 'nav.prompt']);
    expect(fake.requests).toHaveLength(1);
  });

  it('gives the retriever’s answer when the server is down, and stops calling it after repeated failures', async () => {
    await start();
    await fake.close();
    const adapter = await opened({ locale: 'en-US' });
    for (let i = 0; i < 4; i++) {
      const tags = tagsOf((await sendAndCollect(adapter, `${QUESTION} ${'?'.repeat(i)}`)).filter((r) => r.type === 'message'));
      expect(tags).toContain('card:chnv-parole');
      expect(tags[0]).toBe('llm.unavailable');
    }
    expect(logs.filter((l) => l.includes('"reason":"circuitOpen"'))).toHaveLength(1);
    fake = await startFakeOpenAi();
  });

  it('answers out-of-scope questions as the retriever would, without a note', async () => {
    await start();
    fake.reply(() => ({ kind: 'json', body: { ...good, cardIds: [], outOfScope: true } }));
    const adapter = await opened({ locale: 'en-US' });
    const tags = tagsOf((await sendAndCollect(adapter, QUESTION)).filter((r) => r.type === 'message'));
    expect(tags).toEqual(['card:chnv-parole', 'notice.policy', 'nav.prompt']);
  });

  it('finds the cards of a question written in another language than the person chose, and answers in theirs', async () => {
    await start();
    fake.reply(() => ({ kind: 'json', body: { ...good, answer: 'El programa de parole CHNV terminó en 2025; ya no se dan nuevas autorizaciones de viaje.' } }));
    const adapter = await opened({ locale: 'es-MX' });
    const tags = tagsOf((await sendAndCollect(adapter, QUESTION)).filter((r) => r.type === 'message'));
    expect(tags).toContain('llm.answer');
    const data = JSON.parse(fake.requests[0].messages[1].content) as { language: string; cards: { id: string; title: string }[] };
    expect(data.language).toBe('es');
    expect(data.cards[0]).toMatchObject({ id: 'chnv-parole', title: domain.content.get('chnv-parole', 'es').title });
  });

  it('on a channel without typing indicators (WeChat) says "one moment" first', async () => {
    await start();
    const adapter = await opened({ channelId: 'wechat', locale: 'zh-CN' });
    fake.reply(() => ({ kind: 'json', body: { ...good, answer: 'CHNV假释项目已于2025年结束，不再签发新的旅行许可。' } }));
    const tags = tagsOf((await sendAndCollect(adapter, '委内瑞拉人的假释项目还开放吗？')).filter((r) => r.type === 'message'));
    expect(tags[0]).toBe('llm.wait');
    expect(tags).toContain('llm.answer');
  });
});
