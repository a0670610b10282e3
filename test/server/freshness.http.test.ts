import fs from 'node:fs';
import path from 'node:path';
import { formatDate } from '../../src/flow/renderCard';
import { emulatorActivity, postJson, type RunningApp } from '../helpers/httpApp';
import { makeTempDir, ROOT } from '../helpers/testRuntime';
import { request, signIn, startApp } from '../staff/staffHelpers';

const DAY = 86_400_000;
const CHECKED = Date.parse('2026-12-04T12:00:00Z');
const ASKED = { en: 'do I have to pay to ask for asylum?', es: '¿tengo que pagar para pedir asilo?', zh: '申请庇护要交钱吗？' } as const;
const LOCALE_TAGS = { en: 'en-US', es: 'es-MX', zh: 'zh-CN' } as const;

interface Replies {
  activities: { text?: string; channelData?: { camino?: { tags?: string[]; cards?: unknown[] } } }[];
}

describe('100 days after the cards were checked, over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({}, makeTempDir(), { now: () => new Date(CHECKED + 100 * DAY) });
  });
  afterAll(async () => running?.app.close());

  it('/readyz stays ready and lists every overdue card', async () => {
    const ready = await request(running.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.status).toBe('ready');
    const overdue = ready.json.overdueCards as { id: string; asOf: string; dueOn: string; daysOverdue: number }[];
    expect(overdue).toHaveLength(running.app.domain.content.ids.length);
    expect(overdue).toContainEqual({ id: 'asylum-fees', asOf: '2026-12-04', dueOn: '2027-03-04', daysOverdue: 10 });
  });

  it.each(['en', 'es', 'zh'] as const)('a policy answer in %s carries the "may be out of date" line, and the transcript keeps card and version', async (locale) => {
    const conversation = `fresh-${locale}`;
    const { status, json } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ conversation: { id: conversation }, deliveryMode: 'expectReplies', locale: LOCALE_TAGS[locale], text: ASKED[locale] }));
    expect(status).toBe(200);
    const card = (json as Replies).activities.find((a) => a.channelData?.camino?.tags?.includes('card:asylum-fees'));
    const line = running.app.domain.texts.t(locale, 'card.overdue', { date: formatDate('2026-12-04', locale) });
    expect(card?.text).toContain(line);

    const admin = await signIn(running, 'content-admin@example.org', 'admin');
    const record = await admin.call('GET', `/staff/api/conversations/emulator/${conversation}`);
    const entries = record.json.entries as { side: string; shownCards: unknown[] }[];
    expect(entries.filter((e) => e.side === 'bot').flatMap((e) => e.shownCards)).toContainEqual({ id: 'asylum-fees', version: running.app.domain.content.get('asylum-fees', locale).version, asOf: '2026-12-04' });
  });

  it('the staff Content page lists the overdue cards first, to every signed-in account', async () => {
    const staff = await signIn(running, 'content-staff@example.org', 'staff');
    const answer = await staff.call('GET', '/staff/api/content');
    expect(answer.status).toBe(200);
    const cards = answer.json.cards as { id: string; overdue: boolean; daysToReview: number; locales: Record<string, { title: string; sources: unknown[]; questions: string[] }> }[];
    expect(answer.json.overdue).toBe(cards.length);
    expect(cards[0]).toMatchObject({ overdue: true, daysToReview: -10 });
    expect(Object.keys(cards[0].locales).sort()).toEqual(['en', 'es', 'zh']);
    const fees = cards.find((c) => c.id === 'asylum-fees');
    expect(fees?.locales.zh.title).toBe('庇护费用（2025年7月起）');
    expect(fees?.locales.es.questions).toContain('¿Tengo que pagar para pedir asilo?');
  });
});

describe('on the day the cards were checked, with one card left unchecked since the summer', () => {
  let running: RunningApp;
  beforeAll(async () => {
    // A copy of the content in which the TPS card's facts were last checked on 1 August 2026.
    const root = makeTempDir();
    for (const dir of ['dialogs', 'locales', 'public']) fs.cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const locale of ['en', 'es', 'zh']) {
      const file = path.join(root, 'locales', locale, 'cards', 'tps-changes.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^asOf: .*$/m, 'asOf: 2026-08-01').replace(/date: 2026-12-03/g, 'date: 2026-08-01'));
    }
    running = await startApp({}, makeTempDir(), { now: () => new Date(CHECKED), contentRoot: root });
  });
  afterAll(async () => running?.app.close());

  it('lists only that card as overdue on /readyz and puts it first on the Content page, the rest by days left', async () => {
    const ready = await request(running.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.overdueCards).toEqual([{ id: 'tps-changes', asOf: '2026-08-01', dueOn: '2026-10-30', daysOverdue: 35 }]);
    const staff = await signIn(running, 'order@example.org', 'staff');
    const cards = (await staff.call('GET', '/staff/api/content')).json.cards as { id: string; overdue: boolean; daysToReview: number }[];
    expect(cards[0]).toMatchObject({ id: 'tps-changes', overdue: true });
    expect(cards.slice(1).every((c) => !c.overdue && c.daysToReview === 90)).toBe(true);
  });

  it('shows the line only under that card', async () => {
    const ask = async (text: string, id: string) =>
      ((await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ conversation: { id }, deliveryMode: 'expectReplies', text }))).json as Replies).activities.map((a) => a.text ?? '').join('\n');
    const line = running.app.domain.texts.t('en', 'card.overdue', { date: formatDate('2026-08-01', 'en') });
    expect(await ask('can I still get TPS as a Honduran?', 'order-tps')).toContain(line);
    expect(await ask('do I have to pay to ask for asylum?', 'order-fees')).not.toMatch(/may be out of date/);
  });
});
