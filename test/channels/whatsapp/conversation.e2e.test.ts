import fs from 'node:fs';
import path from 'node:path';
import type { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { createLogger } from '../../../src/util/logger';
import { createApp } from '../../../src/app/createApp';
import { loadConfig } from '../../../src/config/loadConfig';
import { type FakeGraphApi, startFakeGraphApi } from '../../helpers/fakeGraphApi';
import type { RunningApp } from '../../helpers/httpApp';
import { makeTempDir } from '../../helpers/testRuntime';
import { idsOf, WhatsAppPerson, whatsappEnv } from '../../helpers/whatsappPerson';

describe('a conversation over WhatsApp', () => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let ids: WhatsAppIds;
  const logLines: string[] = [];
  const person = (phone: string) => new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, phone);
  const texts = (messages: ReturnType<WhatsAppPerson['newMessages']>) => messages.map((m) => fake.textOf(m));

  beforeAll(async () => {
    fake = await startFakeGraphApi();
    const dataDir = makeTempDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...whatsappEnv(fake) });
    const app = await createApp(config, createLogger('debug', (line) => logLines.push(line)));
    running = { app, baseUrl: `http://127.0.0.1:${await app.listen()}`, dataDir };
    ids = await idsOf(running);
  });
  afterAll(async () => {
    await running.app.close();
    await fake.close();
  });

  it('screens a Spanish speaker by buttons and list rows to a lead with channel whatsapp', async () => {
    const maria = person('5215587654321');
    expect(texts(await maria.say('hola'))[0]).toContain('No soy abogado');
    expect(maria.lastChoices()).toContain('Ayuda de un abogado');
    expect(texts(await maria.tap('Ayuda de un abogado'))[0]).toContain('¿Está de acuerdo?');
    expect(maria.lastChoices()).toEqual(['Sí, pregúnteme', 'No, solo el contacto']);
    await maria.tap('Sí, pregúnteme');
    expect(maria.lastChoices()).toEqual(['En Estados Unidos', 'En México', 'En otro lugar', 'Prefiero no decir']);
    // Four choices: a list message, whose row is tapped.
    expect(fake.sentTo(maria.phone).at(-1)?.body.interactive).toMatchObject({ type: 'list' });
    const encounter = texts(await maria.tap('En Estados Unidos'));
    // Titles over 24 characters: numbered text, answered by number, by ordinal word and by the words.
    expect(encounter[0]).toMatch(/\n1\. Me rechazaron en la frontera de EE\. UU\.\n2\. /);
    expect(texts(await maria.say('5'))[0]).toMatch(/^\(3\/9\)/);
    expect(texts(await maria.say('la sexta'))[0]).toMatch(/^\(4\/9\)/);
    expect(texts(await maria.say('Guatemala'))[0]).toMatch(/^\(5\/9\)/);
    await maria.tap('Hace menos de un año');
    await maria.tap('Sí');
    await maria.tap('Sí');
    await maria.tap('Español');
    const outcome = texts(await maria.tap('WhatsApp'));
    expect(outcome.join('\n')).toContain('+1 626 795 6777');
    const leads = await running.app.runtime.screening.leads.listForConversation('whatsapp', ids.conversationOf(maria.phone));
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ channelId: 'whatsapp', locale: 'es', outcome: 'qualified' });
  });

  it('decides the language from what a person writes, not from a Mexican or Guatemalan number', async () => {
    expect(texts(await person('5215511112222').say('Hello, I need help'))[0]).toContain('I am not a lawyer');
    expect(texts(await person('50255551234').say('hi'))[0]).toContain('I am not a lawyer');
    expect(texts(await person('50255554321').say('我需要帮助'))[0]).toContain('我不是律师');
    expect(texts(await person('14155550100').say('necesito ayuda por favor'))[0]).toContain('No soy abogado');
  });

  it('writes WhatsApp\'s own markdown, never **, and phone numbers WhatsApp makes tappable', async () => {
    const sam = person('14155550101');
    // "Get help from an attorney" has 25 characters, one more than a list row: the English menu is numbered.
    expect(texts(await sam.say('hello')).at(-1)).toMatch(/\n5\. Contact an office\n/);
    const all = [...texts(await sam.say('Contact an office')), ...texts(await sam.say('1')), ...texts(await sam.say('menu'))];
    const joined = all.join('\n');
    expect(joined).not.toContain('**');
    expect(joined).not.toContain('](');
    expect(joined).toMatch(/\+1 626 795 6777/);
    expect(joined).toMatch(/\*[^*\n]+\*/);
  });

  it('never keeps or logs the number or Meta\'s message ids in the clear', async () => {
    const phone = '5215587654321';
    const wamids = fake.sentTo(phone).map((m) => m.wamid);
    await running.app.close();
    const db = fs.readFileSync(path.join(running.dataDir, 'camino.sqlite'));
    const wal = fs.existsSync(path.join(running.dataDir, 'camino.sqlite-wal')) ? fs.readFileSync(path.join(running.dataDir, 'camino.sqlite-wal')) : Buffer.alloc(0);
    for (const bytes of [db, wal]) {
      expect(bytes.includes(phone)).toBe(false);
      expect(bytes.includes(Buffer.from(phone).toString('base64').slice(0, 12))).toBe(false);
      for (const wamid of wamids) expect(bytes.includes(wamid)).toBe(false);
    }
    const logs = logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(phone);
    expect(logs).not.toContain('wamid.');
    expect(logs).not.toContain('Guatemala');
  });
});
