import { signWhatsAppBody } from '../../../src/channels/whatsapp/verifyWhatsAppSignature';
import { startApp, type RunningApp } from '../../helpers/httpApp';
import { type FakeGraphApi, startFakeGraphApi } from '../../helpers/fakeGraphApi';
import type { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { APP_SECRET, delivery, fixtureBytes, idsOf, postWebhook, VERIFY_TOKEN, WhatsAppPerson, whatsappEnv } from '../../helpers/whatsappPerson';

/** The number in Meta's example payloads. */
const META_EXAMPLE_NUMBER = '16505551234';

describe('the WhatsApp webhook', () => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let ids: WhatsAppIds;
  const transcriptOf = (phone: string) => running.app.runtime.transcripts.list('whatsapp', ids.conversationOf(phone));
  const service = () => ({ baseUrl: running.baseUrl, settle: () => running.app.settle() });
  const person = (phone: string) => new WhatsAppPerson(service(), fake, phone);
  const conversations = async () => (await running.app.database.db.selectFrom('conversations').select('conversation_id').where('channel_id', '=', 'whatsapp').execute()).length;

  beforeAll(async () => {
    fake = await startFakeGraphApi();
    running = await startApp(whatsappEnv(fake));
    ids = await idsOf(running);
  });
  afterAll(async () => {
    await running.app.close();
    await fake.close();
  });

  it('answers Meta\'s webhook check with the challenge as plain text, and 403 for a wrong verify token', async () => {
    const good = await fetch(`${running.baseUrl}/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(good.status).toBe(200);
    expect(good.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await good.text()).toBe('1158201444');
    const wrong = await fetch(`${running.baseUrl}/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    expect((await fetch(`${running.baseUrl}/whatsapp?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
  });

  it('takes Meta\'s example text message, signed over its exact bytes, and answers in the language it is written in', async () => {
    const raw = fixtureBytes('text');
    const answer = await postWebhook(running.baseUrl, raw, signWhatsAppBody(raw, APP_SECRET));
    expect(answer.status).toBe(200);
    await running.app.settle();
    const replies = fake.sentTo(META_EXAMPLE_NUMBER);
    expect(replies.length).toBeGreaterThan(0);
    expect(fake.textOf(replies[0])).toContain('I am not a lawyer');
    // The message was marked read when its turn started.
    expect(fake.reads.map((r) => r.messageId)).toContain('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=');
  });

  it('answers 200 before the turn has run, and runs it after', async () => {
    fake.sendDelayMs = 1500;
    try {
      const started = Date.now();
      const answer = await postWebhook(running.baseUrl, delivery('text', '5215500000001', { text: { body: 'hola' } }));
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(fake.sentTo('5215500000001')).toHaveLength(0);
      await running.app.settle();
      expect(fake.sentTo('5215500000001').length).toBeGreaterThan(0);
    } finally {
      fake.sendDelayMs = 0;
    }
  });

  it.each([
    ['no signature', undefined, 401],
    ['a signature with another secret', 'other-secret', 401],
    ['a malformed signature header', 'sha256=xyz', 401],
  ])('refuses a delivery with %s (401) and runs no turn', async (_name, secretOrHeader, status) => {
    const body = delivery('text', '5215500000002', { text: { body: 'hola' } });
    const before = await conversations();
    const signature = secretOrHeader === undefined ? null : secretOrHeader.startsWith('sha256=') ? secretOrHeader : signWhatsAppBody(body, secretOrHeader);
    expect((await postWebhook(running.baseUrl, body, signature)).status).toBe(status);
    await running.app.settle();
    expect(fake.sentTo('5215500000002')).toHaveLength(0);
    expect(await conversations()).toBe(before);
  });

  it('checks the signature over the raw bytes: the same JSON re-serialised with other spacing is refused', async () => {
    const raw = fixtureBytes('text');
    const compact = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect((await postWebhook(running.baseUrl, compact, signWhatsAppBody(raw, APP_SECRET))).status).toBe(401);
  });

  it.each([
    ['a body that is not JSON', '{"object": "whatsapp_business_account", "entry": ['],
    ['JSON that is not a WhatsApp delivery', '{"object": "page", "entry": []}'],
    ['entries of the wrong type', '{"object": "whatsapp_business_account", "entry": "all of them"}'],
  ])('refuses %s with 400 (signed correctly) and runs no turn', async (_name, body) => {
    const before = await conversations();
    const answer = await postWebhook(running.baseUrl, body);
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(await conversations()).toBe(before);
  });

  it('refuses a body over 3 MB with 413, and a compressed one with 415', async () => {
    const huge = delivery('text', '5215500000003', { text: { body: 'x'.repeat(3 * 1024 * 1024) } });
    expect((await postWebhook(running.baseUrl, huge)).status).toBe(413);
    const small = delivery('text', '5215500000003', { text: { body: 'hola' } });
    expect((await postWebhook(running.baseUrl, small, signWhatsAppBody(small, APP_SECRET), { 'content-encoding': 'gzip' })).status).toBe(415);
    await running.app.settle();
    expect(fake.sentTo('5215500000003')).toHaveLength(0);
  });

  it('runs one turn for a delivery Meta retries, even while the first is still running', async () => {
    const body = delivery('text', '5215500000004', { text: { body: 'hola' } });
    const answers = await Promise.all([postWebhook(running.baseUrl, body), postWebhook(running.baseUrl, body), postWebhook(running.baseUrl, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await running.app.settle();
    const greetings = fake.sentTo('5215500000004').filter((m) => fake.textOf(m).startsWith('Hola, soy Camino'));
    expect(greetings).toHaveLength(1);
  });

  it('maps Meta\'s example button and list replies to their ids, a template quick reply to its text', async () => {
    const firstText = async (phone: string) => (await transcriptOf(phone)).find((a) => a.direction === 'in')?.activity.text;
    await person('5215500000005').post(delivery('button-reply', '5215500000005'));
    await person('5215500000006').post(delivery('list-reply', '5215500000006'));
    await person('5215500000011').post(delivery('text', '5215500000011', { type: 'button', text: undefined, button: { payload: 'Continuar', text: 'Continuar' } }));
    expect([await firstText('5215500000005'), await firstText('5215500000006'), await firstText('5215500000011')]).toEqual(['cancel-button', 'priority_express', 'Continuar']);
  });

  it('answers Meta\'s example image kindly in the person\'s language and repeats the step', async () => {
    const ana = person('5215500000007');
    await ana.say('hola');
    const afterImage = await ana.post(delivery('image', ana.phone));
    expect(fake.textOf(afterImage[0])).toBe('Solo puedo leer mensajes de texto. Por favor, escriba su pregunta.');
    expect(fake.textOf(afterImage[1])).toContain('¿Qué le gustaría saber?');
    for (const type of ['audio', 'video', 'document', 'sticker', 'location', 'contacts']) {
      const got = await ana.post(delivery('image', ana.phone, { type, image: undefined, [type]: {} }));
      expect(fake.textOf(got[0])).toBe('Solo puedo leer mensajes de texto. Por favor, escriba su pregunta.');
    }
  });

  it('greets someone who opens the chat from a link (request_welcome) before they write', async () => {
    const got = await person('5215500000012').post(delivery('text', '5215500000012', { type: 'request_welcome', text: undefined }));
    expect(got.map((m) => fake.textOf(m))[0]).toContain('I am not a lawyer');
  });

  it('ignores a reaction: no turn, no reply', async () => {
    const bea = person('5215500000008');
    await bea.say('hola');
    const got = await bea.post(delivery('text', bea.phone, { type: 'reaction', text: undefined, reaction: { message_id: 'wamid.x', emoji: '👍' } }));
    expect(got).toEqual([]);
  });

  it('leaves out deliveries for another phone number of the same app', async () => {
    const body = delivery('text', '5215500000009', { text: { body: 'hola' } }).replace('"phone_number_id":"106540352242922"', '"phone_number_id":"999999999999"');
    expect(body).toContain('999999999999');
    expect((await postWebhook(running.baseUrl, body)).status).toBe(200);
    await running.app.settle();
    expect(fake.sentTo('5215500000009')).toHaveLength(0);
  });

  it('records Meta\'s example statuses, never moving back, and notes a failed delivery for staff with its code only', async () => {
    for (const name of ['status-sent', 'status-read', 'status-delivered', 'status-failed']) {
      expect((await postWebhook(running.baseUrl, fixtureBytes(name))).status).toBe(200);
    }
    const rows = await running.app.database.db.selectFrom('whatsapp_messages').selectAll().execute();
    const example = rows.filter((r) => r.error_code === 131026);
    expect(example).toHaveLength(1);
    expect(example[0].status).toBe('failed');
    const notes = [];
    for (const row of example) {
      for (const a of await running.app.runtime.transcripts.list('whatsapp', row.conversation_id)) {
        if (a.activity.name === 'camino/whatsapp-undelivered') notes.push(a.activity.value);
      }
    }
    expect(notes).toEqual([{ code: 131026, kept: 0, dropped: 1 }]);
    // Meta retries a status too: the note is not written twice.
    await postWebhook(running.baseUrl, fixtureBytes('status-failed'));
    const again = await running.app.runtime.transcripts.list('whatsapp', example[0].conversation_id);
    expect(again.filter((a) => a.activity.name === 'camino/whatsapp-undelivered')).toHaveLength(1);
  });

  it('keeps the status order: a delivered or sent arriving after read does not undo it', async () => {
    const sent = fake.sentTo(META_EXAMPLE_NUMBER)[0];
    const status = (st: string) =>
      fixtureBytes('status-sent').toString('utf8').replace('"status": "sent"', `"status": "${st}"`).replace('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA', sent.wamid);
    const statusOf = async () => (await running.app.database.db.selectFrom('whatsapp_messages').select('status').where('message_key', '=', ids.messageKey(sent.wamid)).executeTakeFirst())?.status;
    expect(await statusOf()).toBe('accepted');
    await postWebhook(running.baseUrl, status('delivered'));
    expect(await statusOf()).toBe('delivered');
    for (const st of ['read', 'delivered', 'sent']) await postWebhook(running.baseUrl, status(st));
    expect(await statusOf()).toBe('read');
  });

  it('shows the typing indicator when a turn takes longer than a second', async () => {
    const cai = person('5215500000010');
    await cai.say('hola');
    const bot = running.app.runtime.bot;
    const run = bot.run.bind(bot);
    const spy = jest.spyOn(bot, 'run').mockImplementation(async (context) => {
      await new Promise((r) => setTimeout(r, 1300));
      return run(context);
    });
    try {
      const readsBefore = fake.reads.length;
      await cai.say('3');
      expect(fake.reads.slice(readsBefore).map((r) => r.typing)).toEqual([false, true]);
      const quick = fake.reads.length;
      spy.mockRestore();
      await cai.say('menú');
      expect(fake.reads.slice(quick).map((r) => r.typing)).toEqual([false]);
    } finally {
      spy.mockRestore();
    }
  });
});
