import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DirectLineHttpClient } from '../../src/bench/directLineHttp';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { rotateKeys } from '../../src/crypto/rotateKeys';
import { LeadQueue } from '../../src/staff/LeadQueue';
import { openDatabase } from '../../src/store/openDatabase';
import { makeTempDir } from '../helpers/testRuntime';
import { startApp } from '../helpers/httpApp';
import { dumpStorage } from './dumpStorage';
import { createPostgresDatabase, ENGINES } from './testDatabases';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const hex = (key: Buffer) => key.toString('hex');

describe.each(ENGINES)('privacy at rest on %s', (engine) => {
  it('keeps what a person wrote unreadable in storage, readable through Direct Line, and readable after a key rotation', async () => {
    const dataDir = makeTempDir();
    const env: Record<string, string> = { DATA_ENCRYPTION_KEY: hex(KEY_A) };
    if (engine === 'postgres') env.DATABASE_URL = await createPostgresDatabase();
    const where = engine === 'sqlite' ? path.join(dataDir, 'camino.sqlite') : env.DATABASE_URL;
    const secretPhrase = `Marisol Quetzalcoatl ${randomBytes(4).toString('hex')}`;

    const first = await startApp(env, dataDir);
    try {
      const client = await DirectLineHttpClient.start(first.baseUrl);
      await client.ask(`my name is ${secretPhrase} and I crossed in May 2023`);
      await client.settle(300);
      expect(client.seen.some((a) => a.text?.includes(secretPhrase))).toBe(true);

      // Staff writing about the person: a note on a lead and a translation of the conversation, both sealed.
      const cipherA = new FieldCipher(identifyKey(KEY_A));
      await first.app.runtime.screening.leads.create({ id: 'lead-privacy', channelId: 'webchat', conversationId: 'privacy-conv', locale: 'en', outcome: 'qualified', reasons: [], officeId: 'los-angeles', answers: {}, summary: '' });
      await new LeadQueue(first.app.database, cipherA).addNote('lead-privacy', 'staff-1', `called ${secretPhrase}`);
      await first.app.database.db
        .insertInto('translation_cache')
        .values({ key: 'k1', channel_id: 'webchat', conversation_id: 'privacy-conv', from_locale: 'es', to_locale: 'en', translation: cipherA.encrypt(`translated ${secretPhrase}`), created_at: new Date().toISOString() })
        .execute();

      const stored = await dumpStorage(engine, where);
      expect(stored.length).toBeGreaterThan(1000);
      expect(stored).not.toContain(secretPhrase);
      expect(stored).not.toContain('crossed in May 2023');

      await first.app.close();
      const database = await openDatabase(engine === 'sqlite' ? { engine, file: where } : { engine, url: where });
      const report = await rotateKeys(database, new FieldCipher(identifyKey(KEY_B), [identifyKey(KEY_A)]));
      await database.close();
      expect(report.rewritten.activities).toBeGreaterThan(1);
      expect(report.rewritten.state).toBeGreaterThan(0);
      expect(report.rewritten).toMatchObject({ lead_notes: 1, translation_cache: 1 });

      // Only the new key now: everything must still read back, in the API's plain form.
      const second = await startApp({ ...env, DATA_ENCRYPTION_KEY: hex(KEY_B) }, dataDir);
      try {
        const history = await client.history(second.baseUrl);
        expect(history.map((a) => a.text).join('\n')).toContain(secretPhrase);
        const cipherB = new FieldCipher(identifyKey(KEY_B));
        expect((await new LeadQueue(second.app.database, cipherB).notes('lead-privacy')).map((n) => n.text)).toEqual([`called ${secretPhrase}`]);
        const translation = await second.app.database.db.selectFrom('translation_cache').select('translation').executeTakeFirstOrThrow();
        expect(cipherB.decrypt(translation.translation)).toBe(`translated ${secretPhrase}`);
        await client.via(second.baseUrl).ask('menu');
        expect(await dumpStorage(engine, where)).not.toContain(secretPhrase);
      } finally {
        await second.app.close();
      }
    } finally {
      await first.app.close();
    }
  });
});
