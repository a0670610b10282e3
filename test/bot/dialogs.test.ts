import type { Locale } from '../../src/content/cardSchema';
import { formatDate } from '../../src/flow/renderCard';
import { buttonsOf, createTestAdapter, createTestRuntime, sendAndCollect, tagsOf, type TestRuntime } from '../helpers/testRuntime';

const CHANNEL_LOCALES: Record<Locale, string> = { en: 'en-US', es: 'es-MX', zh: 'zh-CN' };

describe.each(['en', 'es', 'zh'] as const)('the guided conversation in %s', (locale) => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  const t = (key: string, vars?: Record<string, string>) => rt.domain.texts.t(locale, key, vars);

  it('greets with the disclaimer, then shows the main menu as buttons in that language', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: CHANNEL_LOCALES[locale] });
    const replies = await sendAndCollect(adapter, { type: 'conversationUpdate', membersAdded: [{ id: 'user-1', name: 'User' }] });
    expect(replies[0].text).toBe(t('greeting.hello', { firm: rt.domain.firm.name }));
    expect(replies[1].text).toBe(t('greeting.tips'));
    const menu = replies[replies.length - 1];
    expect(menu.text).toBe(t('menu.prompt'));
    expect(buttonsOf(menu)).toEqual(rt.domain.flows.mainMenu.map((m) => t(m.label)));
  });

  it('walks a topic card by card, each ending with its as-of date and sources, with the notice once', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: CHANNEL_LOCALES[locale] });
    await sendAndCollect(adapter, 'hi');
    const first = await sendAndCollect(adapter, t('menu.pathways'));
    const second = await sendAndCollect(adapter, t('nav.next'));
    const [firstId, secondId] = rt.domain.flows.topics.pathways.cards;

    expect(first[0].text).toBe(t('notice.policy'));
    for (const [replies, id] of [[first, firstId], [second, secondId]] as const) {
      const card = rt.domain.content.get(id, locale);
      const shown = replies.find((r) => tagsOf([r])[0] === `card:${id}`);
      expect(shown?.text).toContain(card.title);
      expect(shown?.text).toContain(card.short.trim());
      expect(shown?.text).toContain(formatDate(card.asOf, locale));
      expect(shown?.text).toContain(card.sources[0].publisher);
      expect(buttonsOf(replies[replies.length - 1])).toEqual([t('nav.next'), t('nav.menu'), t('nav.person')]);
    }
    expect(tagsOf(second)).not.toContain('notice.policy');
  });

  it('shows every office phone as a tel: link on the contact card', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: CHANNEL_LOCALES[locale] });
    await sendAndCollect(adapter, 'hi');
    const replies = await sendAndCollect(adapter, t('menu.contact'));
    const offices = replies.find((r) => tagsOf([r])[0] === 'contact.offices')?.text ?? '';
    for (const link of ['tel:+16267956777', 'tel:+14155683777', 'tel:+19253105080', 'tel:+639176222971']) expect(offices).toContain(link);
    expect(offices).toContain('(626) 795-6777');
    expect(offices).toContain('yimin7788');
  });

  it('answers a safety message with 911 and the office phones, from inside a topic', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: CHANNEL_LOCALES[locale] });
    await sendAndCollect(adapter, 'hi');
    await sendAndCollect(adapter, t('menu.mexico'));
    const danger = { en: 'they want to kill me', es: 'me quieren matar', zh: '有人要杀我' }[locale];
    const replies = await sendAndCollect(adapter, danger);
    expect(replies[0].text).toContain('911');
    expect(tagsOf(replies)).toEqual(['card:emergency', 'contact.offices', 'safety.prompt']);
    expect(buttonsOf(replies[replies.length - 1])).toEqual([t('safety.contact'), t('safety.resume'), t('nav.menu')]);
  });
});

describe('a channel without buttons', () => {
  it('gets the choices as a numbered list in plain text, and "2" picks the second', async () => {
    const rt = await createTestRuntime();
    try {
      const adapter = createTestAdapter(rt.runtime, { locale: 'en-US', channelId: 'sms' });
      const replies = await sendAndCollect(adapter, 'hi');
      const menu = replies[replies.length - 1];
      expect(menu.suggestedActions).toBeUndefined();
      expect(menu.text).toContain('1. Mexico returns (2023)\n2. Asylum and pathways');
      expect(menu.textFormat).toBe('plain');
      expect(tagsOf(await sendAndCollect(adapter, '2'))).toContain('card:asylum-basics');
    } finally {
      await rt.close();
    }
  });
});
