import { createTestAdapter, createTestRuntime, sendAndCollect, tagsOf, type TestRuntime } from '../helpers/testRuntime';

describe('turns of one conversation', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('run one at a time, so a burst of "next" walks through every card once, in order', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    await sendAndCollect(adapter, { type: 'conversationUpdate', membersAdded: [{ id: 'u1', name: 'User' }] });
    await sendAndCollect(adapter, 'Mexico returns (2023)');
    const cards = rt.domain.flows.topics.mexico.cards;

    await Promise.all(Array.from({ length: cards.length - 1 }, () => adapter.receiveActivity({ type: 'message', text: 'Next' })));
    const shown = tagsOf(adapter.activeQueue.splice(0)).filter((t) => t.startsWith('card:'));

    expect(shown).toEqual(cards.slice(1).map((id) => `card:${id}`));
  });

  it('keep the message, what was sent and an apology in the transcript when a turn throws', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    await sendAndCollect(adapter, 'hello');
    const original = rt.domain.engine.handle.bind(rt.domain.engine);
    const spy = jest.spyOn(rt.domain.engine, 'handle').mockImplementation((state, text, locale, caps, options) => {
      if (text === 'make it fail') throw new Error('simulated failure inside the flow');
      return original(state, text, locale, caps, options);
    });
    try {
      const replies = await sendAndCollect(adapter, 'make it fail');
      expect(replies.map((r) => r.text)).toEqual([rt.domain.texts.t('en', 'error.apology')]);

      const log = await rt.runtime.transcripts.list('test', 'Convo1');
      const texts = log.map((row) => `${row.direction}:${String(row.activity.text)}`);
      expect(texts).toContain('in:make it fail');
      expect(texts[texts.length - 1]).toBe(`out:${rt.domain.texts.t('en', 'error.apology')}`);

      const after = await sendAndCollect(adapter, 'menu');
      expect(tagsOf(after)).toEqual(['menu.prompt']);
    } finally {
      spy.mockRestore();
    }
  });

  it('record every message and reply of a conversation in order', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    const first = await sendAndCollect(adapter, 'hello');
    const second = await sendAndCollect(adapter, '1');
    const log = await rt.runtime.transcripts.list('test', 'Convo1');
    expect(log.map((r) => r.direction)).toEqual(['in', ...first.map(() => 'out'), 'in', ...second.map(() => 'out')]);
    expect(log.filter((r) => r.direction === 'out').map((r) => r.activity.text)).toEqual([...first, ...second].map((a) => a.text));
  });
});

describe('the page language picker event', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('switches the bot to the picked language and repeats the current step in it', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    await sendAndCollect(adapter, 'hello');
    await sendAndCollect(adapter, 'Mexico returns (2023)');
    const replies = await sendAndCollect(adapter, { type: 'event', name: 'camino/locale', value: 'zh' });
    expect(tagsOf(replies)).toEqual(['card:mexico-returns', 'nav.prompt']);
    expect(replies.every((r) => r.locale === 'zh-CN')).toBe(true);
    const next = await sendAndCollect(adapter, 'Next');
    expect(next[0].locale).toBe('zh-CN');
  });
});
