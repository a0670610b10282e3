import { type Activity, type ConversationReference, TestAdapter, TurnContext } from 'botbuilder';
import type { Locale } from '../../../src/content/cardSchema';
import { createStaffDelivery } from '../../../src/bot/screening/createStaffDelivery';
import { HandoffService } from '../../../src/handoff/HandoffService';
import { createTestAdapter, createTestRuntime, sendAndCollect, tagsOf, type TestRuntime } from '../../helpers/testRuntime';

/** TestAdapter has no proactive path; this one runs `logic` through our middleware like a channel adapter does. */
class ProactiveTestAdapter extends TestAdapter {
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

const CONVERSATION = 'Convo1';

async function walk(adapter: TestAdapter, steps: string[]): Promise<Partial<Activity>[]> {
  let last: Partial<Activity>[] = [];
  for (const step of steps) last = await sendAndCollect(adapter, step);
  return last;
}

const paths: Record<Locale, { tag: string; steps: string[]; outcome: string; reasons: string[]; office: string }> = {
  en: { tag: 'en-US', steps: ['hi', 'Get help from an attorney', 'yes', 'In Mexico', 'Sent back to Mexico', 'skip', 'Cuba', 'skip', 'yes', 'no', 'English', 'Phone call'], outcome: 'qualified', reasons: ['asylum', 'humanitarian'], office: 'los-angeles' },
  es: { tag: 'es-MX', steps: ['hola', 'quiero un abogado', 'sí', 'en Estados Unidos', 'Ninguna de estas', 'Estoy detenido o detenida', 'Venezuela', 'Hace menos de un año', 'sí', 'no', 'Español', 'Llamada'], outcome: 'urgent', reasons: ['detained', 'asylum', 'parole', 'oneYearDeadline'], office: 'los-angeles' },
  zh: { tag: 'zh-CN', steps: ['你好', '律师', '可以', '在美国', '都没有', '都没有', '中国', '一年多以前', '是', '有', '中文', '微信'], outcome: 'qualified', reasons: ['asylum', 'oneYearDeadline', 'family'], office: 'los-angeles' },
};

describe.each(Object.entries(paths))('a screening in %s', (locale, path) => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('stores one lead with the rules\' outcome, shows the office with a tel: link and emits handoff.initiate', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: path.tag });
    const replies = await walk(adapter, path.steps);
    const [lead] = await rt.runtime.screening.leads.listForConversation('test', CONVERSATION);
    expect(lead).toMatchObject({ locale, outcome: path.outcome, reasons: path.reasons, officeId: path.office, status: 'new' });
    expect(lead.summary.split('\n')[0]).toMatch(path.outcome === 'urgent' ? /^URGENT lead/ : /^Qualified lead/);

    const card = replies.find((r) => tagsOf([r]).includes('screening:office.card'));
    expect(card?.text).toMatch(/\]\(tel:\+\d+\)/);
    const event = replies.find((r) => r.type === 'event');
    expect(event?.name).toBe('handoff.initiate');
    expect(event?.value).toMatchObject({ leadId: lead.id, outcome: path.outcome, summary: lead.summary });
    const transcript = event?.attachments?.[0]?.content as { activities: Partial<Activity>[] } | undefined;
    expect(transcript?.activities.some((a) => a.text === path.steps[1])).toBe(true);
    expect(await rt.runtime.screening.handoffs.get({ channelId: 'test', conversationId: CONVERSATION })).toMatchObject({ leadId: lead.id, state: 'waiting' });
  });
});

describe('screening details a person notices', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('shows Chinese speakers the WeChat ID before the phone number', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'zh-CN' });
    const replies = await walk(adapter, paths.zh.steps);
    const card = replies.find((r) => tagsOf([r]).includes('screening:office.card'))?.text ?? '';
    expect(card.indexOf('微信号：yimin7788')).toBeGreaterThan(-1);
    expect(card.indexOf('微信号')).toBeLessThan(card.indexOf('(626) 795-6777'));
  });

  it('shows people in Mexico a US office written to dial from abroad, the WeChat ID, and the +63 number only as one more line', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    const replies = await walk(adapter, paths.en.steps);
    const lines = (replies.find((r) => tagsOf([r]).includes('screening:office.card'))?.text ?? '').split('  \n');
    expect(lines[0]).toBe('**Los Angeles** · Reeves Immigration Law Group');
    expect(lines[1]).toBe('Phone: [+1 626 795 6777](tel:+16267956777)');
    expect(lines[2]).toBe('WeChat ID: yimin7788');
    expect(lines[3]).toBe('Also: International line: [+63 917 622 2971](tel:+639176222971)');
    expect(lines.filter((l) => l.includes('+63'))).toHaveLength(1);
  });

  it('shows people in the US no +63 line', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'es-MX' });
    const replies = await walk(adapter, paths.es.steps);
    const card = replies.find((r) => tagsOf([r]).includes('screening:office.card'))?.text ?? '';
    expect(card).toContain('(626) 795-6777');
    expect(card).not.toContain('+63');
  });

  it('stores nothing when consent is refused', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'en-US' });
    const replies = await walk(adapter, ['hi', 'Get help from an attorney', 'no thanks']);
    expect(tagsOf(replies)).toEqual(['screening:consent.declined', 'card:firm-contact', 'contact.offices']);
    // It says what is true: no questions and no lead, but the chat itself is kept, for the configured period.
    expect(replies[0].text).toContain('This chat itself is still kept for up to 180 days');
    expect(replies[0].text).not.toMatch(/nothing .* kept/i);
    expect(await rt.runtime.screening.leads.listForConversation('test', CONVERSATION)).toEqual([]);
    expect((await rt.runtime.transcripts.list('test', CONVERSATION)).length).toBeGreaterThan(0);
  });

  it('keeps contact details with the lead, re-asking a phone that is not a phone', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'es-MX' });
    await walk(adapter, [...paths.es.steps, 'Dejar mis datos de contacto']);
    const bad = await sendAndCollect(adapter, '12 34');
    expect(tagsOf(bad)).toEqual(['screening:contact.invalid.phone', 'screening:contact.ask.reach']);
    expect(bad[0].text).toMatch(/no parece completo/);
    await walk(adapter, ['55 1234 5678', 'Rosa', 'saltar']);
    const [lead] = await rt.runtime.screening.leads.listForConversation('test', CONVERSATION);
    expect(lead.contact).toEqual({ phone: '+15512345678', name: 'Rosa' });
  });

  it('deletes the lead, the transcript and the state after "borrar mis datos" is confirmed', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'es-MX' });
    await walk(adapter, paths.es.steps);
    expect(tagsOf(await sendAndCollect(adapter, 'borrar mis datos'))).toEqual(['screening:delete.prompt']);
    const done = await sendAndCollect(adapter, 'sí');
    expect(tagsOf(done)).toEqual(['screening:delete.done', 'menu.prompt']);
    expect(await rt.runtime.screening.leads.listForConversation('test', CONVERSATION)).toEqual([]);
    const left = await rt.runtime.transcripts.list('test', CONVERSATION);
    expect(left.map((l) => l.activity.text)).toEqual(done.map((d) => d.text));
    const state = await rt.runtime.stateStore.read([`test/conversations/${CONVERSATION}`]);
    expect(state).toEqual({});
  });
});

describe('a live handoff through the proactive path', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('delivers a staff message, keeps the bot quiet until "menu", and logs everything', async () => {
    const adapter = new ProactiveTestAdapter((context) => rt.runtime.bot.run(context), { channelId: 'proactive-test' });
    adapter.locale = 'en-US';
    rt.runtime.registerChannel('proactive-test', adapter);
    const service = new HandoffService(rt.runtime.screening.handoffs, rt.runtime.screening.leads, createStaffDelivery(rt.runtime, rt.domain.texts));
    await walk(adapter, [...paths.en.steps.slice(0, 2), 'yes', ...Array<string>(9).fill('skip')]);
    const [lead] = await rt.runtime.screening.leads.listForConversation('proactive-test', CONVERSATION);

    await service.sendStaffMessage({ leadId: lead.id }, 'Hello, this is the office. Can we call you now?');
    const staff = adapter.activeQueue.splice(0);
    expect(staff.map((s) => s.text)).toEqual(['Hello, this is the office. Can we call you now?']);
    expect((await rt.runtime.screening.leads.get(lead.id))?.status).toBe('contacted');

    expect(await sendAndCollect(adapter, 'yes, please call me')).toEqual([]);
    const log = await rt.runtime.transcripts.list('proactive-test', CONVERSATION);
    expect(log.slice(-2).map((l) => [l.direction, l.activity.text])).toEqual([
      ['out', 'Hello, this is the office. Can we call you now?'],
      ['in', 'yes, please call me'],
    ]);

    expect(tagsOf(await sendAndCollect(adapter, 'menu'))).toEqual(['menu.prompt']);
    expect(await rt.runtime.screening.handoffs.get({ channelId: 'proactive-test', conversationId: CONVERSATION })).toMatchObject({ state: 'ended', endReason: 'userEnded' });
  });

  it('lets staff end the live chat, and the bot answers again', async () => {
    const adapter = new ProactiveTestAdapter((context) => rt.runtime.bot.run(context), { channelId: 'proactive-test' });
    adapter.locale = 'zh-CN';
    rt.runtime.registerChannel('proactive-test', adapter);
    const service = new HandoffService(rt.runtime.screening.handoffs, rt.runtime.screening.leads, createStaffDelivery(rt.runtime, rt.domain.texts));
    await walk(adapter, paths.zh.steps);
    await service.sendStaffMessage({ channelId: 'proactive-test', conversationId: CONVERSATION }, '您好，这里是律所。');
    await service.endStaffSession({ channelId: 'proactive-test', conversationId: CONVERSATION });
    const sent = adapter.activeQueue.splice(0);
    expect(tagsOf(sent)).toEqual(['staff.message', 'screening:live.ended']);
    expect(sent[1].text).toBe(rt.domain.texts.t('zh', 'screening:live.ended'));
    expect(tagsOf(await sendAndCollect(adapter, '菜单'))).toEqual(['menu.prompt']);
  });
});

describe('the menu item typed in a sentence', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it.each([
    ['en-US', 'Get help from an attorney'],
    ['es-MX', 'Obtener ayuda de un abogado'],
    ['es-MX', 'Ayuda de un abogado, por favor'],
    ['zh-CN', '我想找律师帮助'],
  ])('%s "%s" opens the screening consent, not another card', async (tag, text) => {
    const adapter = createTestAdapter(rt.runtime, { locale: tag });
    await sendAndCollect(adapter, 'hi');
    const replies = await sendAndCollect(adapter, text);
    expect(tagsOf(replies)).toEqual(['screening:consent.prompt']);
  });

  it('opens the screening when its menu label is typed at another step, after the contact card', async () => {
    const adapter = createTestAdapter(rt.runtime, { locale: 'es-MX' });
    await walk(adapter, ['hola', 'Contactar una oficina']);
    expect(tagsOf(await sendAndCollect(adapter, 'Ayuda de un abogado'))).toEqual(['screening:consent.prompt']);
  });
});
