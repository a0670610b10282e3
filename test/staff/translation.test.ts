import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fakeOpenAi';
import type { RunningApp } from '../helpers/httpApp';
import { auditActions, type Person, signIn, startApp, startPerson, type StaffClient } from './staffHelpers';

jest.setTimeout(60_000);

/** A conversation in Chinese made only of greetings and menu picks, so nothing but staff translation reaches the model. */
async function chineseConversation(baseUrl: string): Promise<Person> {
  const person = await startPerson(baseUrl);
  await person.say('墨西哥接收遣返（2023）');
  await person.waitForTag('card:mexico-returns');
  return person;
}

type Translated = { seq: number; text: string };

describe('staff translation without a language model', () => {
  let running: RunningApp;
  let staff: StaffClient;
  let person: Person;
  beforeAll(async () => {
    running = await startApp();
    staff = await signIn(running, 'staff@example.org', 'staff');
    person = await chineseConversation(running.baseUrl);
  });
  afterAll(async () => {
    person.close();
    await running.app.close();
  });

  it('says the translation is unavailable and why', async () => {
    const features = await staff.call('GET', '/staff/api/features');
    expect(features.json.translation).toEqual({ available: false, reason: expect.stringContaining('OPENAI_BASE_URL') });
    const tried = await staff.call('POST', `/staff/api/conversations/webchat/${person.conversationId}/translate`, { to: 'en' });
    expect(tried.status).toBe(503);
    expect(tried.json).toMatchObject({ error: 'translation_unavailable', message: expect.stringContaining('no language model') });
  });
});

describe('staff translation with a language model', () => {
  let fake: FakeOpenAi;
  let running: RunningApp;
  let staff: StaffClient;
  let admin: StaffClient;
  let person: Person;
  const cacheRows = async (conversationId: string) =>
    running.app.database.db.selectFrom('translation_cache').selectAll().where('conversation_id', '=', conversationId).execute();

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    fake.reply((request) => {
      const data = JSON.parse(request.messages.at(-1)?.content ?? '{}') as { texts?: string[] };
      if (!data.texts) return { kind: 'status', status: 500 };
      return { kind: 'json', body: { translations: data.texts.map((_, i) => `English line ${i + 1} of ${data.texts?.length ?? 0}`) } };
    });
    running = await startApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-model' });
    staff = await signIn(running, 'staff@example.org', 'staff');
    admin = await signIn(running, 'admin@example.org', 'admin');
    person = await chineseConversation(running.baseUrl);
  });
  afterAll(async () => {
    person.close();
    await running.app.close();
    await fake.close();
  });

  it('translates every message beside the original, once, and keeps the translation sealed', async () => {
    expect((await staff.call('GET', '/staff/api/features')).json.translation).toEqual({ available: true });
    const path = `/staff/api/conversations/webchat/${person.conversationId}/translate`;
    const first = await staff.call('POST', path, { to: 'en' });
    expect(first.status).toBe(200);
    const record = await staff.call('GET', `/staff/api/conversations/webchat/${person.conversationId}`);
    const withText = (record.json.entries as { seq: number; text: string }[]).filter((e) => e.text.trim() !== '');
    const items = first.json.items as Translated[];
    expect(items.map((i) => i.seq)).toEqual(withText.map((e) => e.seq));
    expect(items.every((i) => /^English line \d+ of \d+$/.test(i.text))).toBe(true);
    expect(first.json).toMatchObject({ from: 'zh', to: 'en' });
    const asked = fake.requests.filter((r) => r.messages.at(-1)?.content.includes('"texts"'));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]?.messages.at(-1)?.content).toContain('墨西哥接收遣返（2023）');

    const again = await staff.call('POST', path, { to: 'en' });
    expect(again.json.items).toEqual(items);
    expect(fake.requests.filter((r) => r.messages.at(-1)?.content.includes('"texts"'))).toHaveLength(asked.length);
    const rows = await cacheRows(person.conversationId);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('English line');

    const entries = (await auditActions(running)).filter((e) => e.action === 'conversation.translate');
    expect(entries.map((e) => e.detail?.cached).reverse()).toEqual([0, withText.length]);
  });

  it('refuses a translation into the language the conversation is already in, and a wrong target', async () => {
    const path = `/staff/api/conversations/webchat/${person.conversationId}/translate`;
    expect((await staff.call('POST', path, { to: 'zh' })).status).toBe(400);
    expect((await staff.call('POST', '/staff/api/conversations/webchat/nope/translate', { to: 'en' })).status).toBe(404);
  });

  it('says the model failed, caching nothing, when it gives no usable translation', async () => {
    const other = await chineseConversation(running.baseUrl);
    try {
      await other.say('2023年以来的变化');
      await other.waitForTag('card:changes-since-2023');
      fake.reply(() => ({ kind: 'json', body: { translations: ['only one'] } }));
      const failed = await staff.call('POST', `/staff/api/conversations/webchat/${other.conversationId}/translate`, { to: 'en' });
      expect(failed.status).toBe(503);
      expect(String(failed.json.message)).toContain('no usable translation');
      expect(await cacheRows(other.conversationId)).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('deletes the translations with the conversation', async () => {
    expect((await cacheRows(person.conversationId)).length).toBeGreaterThan(0);
    const deleted = await admin.call('DELETE', `/staff/api/conversations/webchat/${person.conversationId}`, { confirm: person.conversationId });
    expect(deleted.status).toBe(200);
    expect(await cacheRows(person.conversationId)).toEqual([]);
  });
});
