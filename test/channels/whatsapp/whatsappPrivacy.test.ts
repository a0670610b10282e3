import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { allPersonalTables } from '../../../src/channels/channelRegistry';
import { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { FieldCipher, identifyKey } from '../../../src/crypto/FieldCipher';
import { rotateKeys } from '../../../src/crypto/rotateKeys';
import { openDatabase } from '../../../src/store/openDatabase';
import { purgeExpired } from '../../../src/store/purgeExpired';
import { type FakeGraphApi, startFakeGraphApi } from '../../helpers/fakeGraphApi';
import { startApp } from '../../helpers/httpApp';
import { makeTempDir } from '../../helpers/testRuntime';
import { WhatsAppPerson, whatsappEnv } from '../../helpers/whatsappPerson';
import { dumpStorage } from '../../pg/dumpStorage';
import { createPostgresDatabase, ENGINES } from '../../pg/testDatabases';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const WHATSAPP_TABLES = ['whatsapp_people', 'whatsapp_pending', 'whatsapp_messages'] as const;

describe.each(ENGINES)('a WhatsApp number at rest on %s', (engine) => {
  let fake: FakeGraphApi;
  beforeAll(async () => {
    fake = await startFakeGraphApi();
  });
  afterAll(() => fake.close());

  async function setUp() {
    const dataDir = makeTempDir();
    const env: Record<string, string> = { DATA_ENCRYPTION_KEY: KEY_A.toString('hex'), ...whatsappEnv(fake) };
    if (engine === 'postgres') env.DATABASE_URL = await createPostgresDatabase();
    const where = engine === 'sqlite' ? path.join(dataDir, 'camino.sqlite') : env.DATABASE_URL;
    return { dataDir, env, where };
  }

  it('is never stored in the clear, survives a key rotation under the same conversation, and its kept messages still arrive', async () => {
    const { dataDir, env, where } = await setUp();
    const phone = `52155${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0')}`;
    const first = await startApp(env, dataDir);
    let conversation: string;
    try {
      const person = new WhatsAppPerson({ baseUrl: first.baseUrl, settle: () => first.app.settle() }, fake, phone);
      await person.say('hola, me llamo Itzel');
      const ids = await WhatsAppIds.load(first.app.database, new FieldCipher(identifyKey(KEY_A)));
      conversation = ids.conversationOf(phone);
      await first.app.database.db.updateTable('whatsapp_people').set({ last_in_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).execute();
      await first.app.runtime.continueConversation({ channelId: 'whatsapp', conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' }, user: { id: conversation, name: '' }, bot: { id: fake.phoneNumberId, name: '' }, serviceUrl: 'whatsapp' }, async (context) => {
        await context.sendActivity({ type: 'message', text: 'Itzel, la oficina la llamará mañana.', locale: 'es-ES' });
      });
      const stored = await dumpStorage(engine, where);
      expect(stored).not.toContain(phone);
      expect(stored).not.toContain(phone.slice(-8));
      expect(stored).not.toContain('Itzel');
      for (const m of fake.sentTo(phone)) expect(stored).not.toContain(m.wamid.slice(6, 30));
    } finally {
      await first.app.close();
    }

    const database = await openDatabase(engine === 'sqlite' ? { engine, file: where } : { engine, url: where });
    const report = await rotateKeys(database, new FieldCipher(identifyKey(KEY_B), [identifyKey(KEY_A)]));
    await database.close();
    expect(report.rewritten).toMatchObject({ whatsapp_keys: 1, whatsapp_people: 1, whatsapp_pending: 1 });

    const second = await startApp({ ...env, DATA_ENCRYPTION_KEY: KEY_B.toString('hex') }, dataDir);
    try {
      const ids = await WhatsAppIds.load(second.app.database, new FieldCipher(identifyKey(KEY_B)));
      expect(ids.conversationOf(phone)).toBe(conversation);
      const person = new WhatsAppPerson({ baseUrl: second.baseUrl, settle: () => second.app.settle() }, fake, phone);
      person.newMessages();
      const next = await person.say('gracias');
      expect(fake.textOf(next[0])).toBe('Itzel, la oficina la llamará mañana.');
    } finally {
      await second.app.close();
    }
  });

  it('is removed by "delete my data" with everything of that person, and by the retention purge', async () => {
    const { dataDir, env } = await setUp();
    const running = await startApp(env, dataDir);
    try {
      const count = async (conversationId?: string) => {
        const counts: Record<string, number> = {};
        for (const table of WHATSAPP_TABLES) {
          let query = running.app.database.db.selectFrom(table).select('conversation_id');
          if (conversationId) query = query.where('conversation_id', '=', conversationId);
          counts[table] = (await query.execute()).length;
        }
        return counts;
      };
      const ids = await WhatsAppIds.load(running.app.database, new FieldCipher(identifyKey(KEY_A)));
      const leaving = new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, '5215560000001');
      const staying = new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, '5215560000002');
      await leaving.say('hola');
      await staying.say('hola');
      await running.app.database.db.insertInto('whatsapp_pending').values({ conversation_id: ids.conversationOf(leaving.phone), created_at: new Date().toISOString(), reason: '131047', message: new FieldCipher(identifyKey(KEY_A)).encrypt('{"type":"text","text":{"body":"kept"}}') }).execute();
      expect(await count(ids.conversationOf(leaving.phone))).toEqual({ whatsapp_people: 1, whatsapp_pending: 1, whatsapp_messages: 3 });

      await leaving.say('borrar mis datos');
      const done = await leaving.say('sí');
      expect(fake.textOf(done[0])).toMatch(/borr/i);
      const after = await count(ids.conversationOf(leaving.phone));
      // Its number is gone: what the bot said after the deletion was sent in that turn, and nothing is kept of it.
      expect(after.whatsapp_people).toBe(0);
      expect(after.whatsapp_pending).toBe(0);
      expect((await count(ids.conversationOf(staying.phone))).whatsapp_people).toBe(1);

      const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
      await running.app.database.db.updateTable('whatsapp_people').set({ last_in_at: old }).execute();
      await running.app.database.db.updateTable('whatsapp_messages').set({ updated_at: old }).execute();
      await running.app.database.db.updateTable('conversations').set({ updated_at: old }).execute();
      const report = await purgeExpired(running.app.database, 180, allPersonalTables());
      expect(report?.channelRows.whatsapp_people).toBe(1);
      expect(await count()).toEqual({ whatsapp_people: 0, whatsapp_pending: 0, whatsapp_messages: 0 });
    } finally {
      await running.app.close();
    }
  });
});
