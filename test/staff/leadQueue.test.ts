import { randomBytes } from 'node:crypto';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { LeadRepository } from '../../src/handoff/LeadRepository';
import { AccountRepository } from '../../src/staff/AccountRepository';
import { AuditLog } from '../../src/staff/AuditLog';
import { LeadQueue } from '../../src/staff/LeadQueue';
import { StaffTranslations } from '../../src/staff/StaffTranslations';
import type { Database } from '../../src/store/openDatabase';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fakeOpenAi';
import { makeLlm } from '../llm/llmHarness';
import { createEngineDatabase, ENGINES, type EngineDatabase } from '../pg/testDatabases';

const cipher = new FieldCipher(identifyKey(randomBytes(32)));

describe.each(ENGINES)('the handoff queue and staff translations on %s', (engine) => {
  let folder: EngineDatabase;
  let database: Database;
  let leads: LeadRepository;
  let queue: LeadQueue;
  let fake: FakeOpenAi;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => fake.close());
  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
    database = await folder.open();
    leads = new LeadRepository(database, cipher, []);
    queue = new LeadQueue(database, cipher);
  });
  afterEach(() => folder.cleanup());

  async function lead(id: string, outcome: 'urgent' | 'qualified' | 'refer', createdAt: string): Promise<void> {
    await leads.create({ id, channelId: 'webchat', conversationId: `c-${id}`, locale: 'es', outcome, reasons: [], officeId: 'los-angeles', answers: {}, summary: '' });
    await database.db.updateTable('leads' as never).set({ created_at: createdAt } as never).where('id' as never, '=', id as never).execute();
  }

  it('orders open leads urgent first, then oldest first; closed ones newest first; filters by assignee', async () => {
    await lead('q-old', 'qualified', '2026-11-01T10:00:00.000Z');
    await lead('u-new', 'urgent', '2026-11-03T10:00:00.000Z');
    await lead('r-oldest', 'refer', '2026-10-01T10:00:00.000Z');
    await lead('u-old', 'urgent', '2026-11-02T10:00:00.000Z');
    await lead('q-new', 'qualified', '2026-11-04T10:00:00.000Z');
    expect((await queue.list('open')).map((i) => i.leadId)).toEqual(['u-old', 'u-new', 'q-old', 'q-new', 'r-oldest']);

    const accounts = new AccountRepository(database, new AuditLog(database));
    const me = await accounts.create({ email: 'me@example.org', role: 'staff', password: 'a long password 123' }, { id: 'test', address: null });
    expect(await queue.assign('q-new', me.id)).toBe(true);
    expect(await queue.assign('missing', me.id)).toBe(false);
    expect((await queue.list('open', { assignedTo: me.id })).map((i) => [i.leadId, i.assignee?.email])).toEqual([['q-new', 'me@example.org']]);
    await queue.assign('q-new', null);
    expect(await queue.list('open', { assignedTo: me.id })).toEqual([]);

    expect(await leads.setStatus('u-old', 'contacted')).toBe(true);
    const contactedAt = (await leads.get('u-old'))?.firstContactAt;
    expect(contactedAt).toBeDefined();
    await leads.setStatus('u-old', 'contacted');
    expect((await leads.get('u-old'))?.firstContactAt).toBe(contactedAt);
    await leads.setStatus('u-old', 'closed', 'retained');
    await leads.setStatus('q-old', 'closed', 'declined');
    expect(await leads.setStatus('q-old', 'closed', 'duplicate')).toBe(false);
    expect((await queue.list('closed')).map((i) => [i.leadId, i.endReason])).toEqual([['q-old', 'declined'], ['u-old', 'retained']]);
    expect((await queue.list('open')).map((i) => i.leadId)).toEqual(['u-new', 'q-new', 'r-oldest']);
    expect((await queue.list('contacted')).map((i) => i.leadId)).toEqual([]);
  });

  it('caches translations per conversation, sealed, and asks the model only for what is missing', async () => {
    fake.reply((request) => {
      const data = JSON.parse(request.messages.at(-1)?.content ?? '{}') as { texts: string[] };
      return { kind: 'json', body: { translations: data.texts.map((t) => `the English of ${t.length} letters`) } };
    });
    const translations = new StaffTranslations(database, cipher, makeLlm(fake.baseUrl).llm);
    const conversation = { channelId: 'webchat', conversationId: 'c-1' };
    const before = fake.requests.length;
    const first = await translations.translate(conversation, ['hola', 'buenos días', 'hola'], 'es', 'en');
    expect(first).toEqual({ ok: true, translations: ['the English of 4 letters', 'the English of 11 letters', 'the English of 4 letters'], cached: 0, translated: 2 });
    const second = await translations.translate(conversation, ['hola', 'gracias'], 'es', 'en');
    expect(second).toEqual({ ok: true, translations: ['the English of 4 letters', 'the English of 7 letters'], cached: 1, translated: 1 });
    expect(fake.requests.length - before).toBe(2);
    const rows = await database.db.selectFrom('translation_cache').selectAll().execute();
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toContain('English of');
    const elsewhere = await translations.translate({ channelId: 'webchat', conversationId: 'c-2' }, ['hola'], 'es', 'en');
    expect(elsewhere).toMatchObject({ ok: true, cached: 0 });
    expect(await new StaffTranslations(database, cipher, undefined).translate(conversation, ['hola'], 'es', 'en')).toEqual({ ok: false, reason: 'off' });
  });
});
