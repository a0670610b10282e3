import { WhatsAppApi } from '../../../src/channels/whatsapp/WhatsAppApi';
import type { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { createApp } from '../../../src/app/createApp';
import { loadConfig } from '../../../src/config/loadConfig';
import { createLogger } from '../../../src/util/logger';
import { FAKE_ACCESS_TOKEN, type FakeGraphApi, startFakeGraphApi } from '../../helpers/fakeGraphApi';
import type { RunningApp } from '../../helpers/httpApp';
import { makeTempDir } from '../../helpers/testRuntime';
import { idsOf, WhatsAppPerson, whatsappEnv } from '../../helpers/whatsappPerson';

describe('the Graph API refusing or not answering', () => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let ids: WhatsAppIds;
  const logLines: string[] = [];
  const person = (phone: string) => new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle(30_000) }, fake, phone);
  const notes = async (phone: string) =>
    (await running.app.runtime.transcripts.list('whatsapp', ids.conversationOf(phone))).filter((a) => a.activity.name === 'camino/whatsapp-undelivered').map((a) => a.activity.value);
  const metric = async (result: string) => {
    const text = await (await fetch(`${running.baseUrl}/metrics`)).text();
    return Number(new RegExp(`camino_channel_sends_total\\{channel="whatsapp",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    fake = await startFakeGraphApi();
    const dataDir = makeTempDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', WHATSAPP_SEND_TIMEOUT_MS: '500', ...whatsappEnv(fake) });
    const app = await createApp(config, createLogger('info', (line) => logLines.push(line)));
    running = { app, baseUrl: `http://127.0.0.1:${await app.listen()}`, dataDir };
    ids = await idsOf(running);
  });
  afterAll(async () => {
    await running.app.close();
    await fake.close();
  });

  it('waits out rate limits (130429, then 131056), sending each message once and in order', async () => {
    const ana = person('5215540000001');
    fake.failNext.push(130429, 131056);
    const started = Date.now();
    const got = await ana.say('hola');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(got.map((m) => fake.textOf(m))).toEqual([expect.stringMatching(/^Hola, soy Camino/), expect.stringMatching(/^Puede escribir/), expect.stringMatching(/^¿Qué le gustaría saber\?/)]);
    expect(await notes(ana.phone)).toEqual([]);
    expect(await metric('rateLimited')).toBe(2);
  }, 20_000);

  it('keeps messages while the access token is expired, says so clearly in the log and the metrics, and sends them once it works again', async () => {
    const bea = person('5215540000002');
    await bea.say('hola');
    fake.tokenExpired = true;
    expect(await bea.say('3')).toEqual([]);
    expect(logLines.some((l) => /WhatsApp refused the access token \(expired or revoked\): set a new permanent WHATSAPP_ACCESS_TOKEN/.test(l))).toBe(true);
    expect(logLines.join('\n')).not.toContain(FAKE_ACCESS_TOKEN);
    expect(await metric('token')).toBeGreaterThanOrEqual(1);
    const kept = await notes(bea.phone);
    expect(kept).toEqual([{ code: 190, kept: 3, dropped: 0 }]);
    fake.tokenExpired = false;
    const next = (await bea.say('menú')).map((m) => fake.textOf(m));
    // What was kept comes first, in order, then the answer to "menú".
    expect(next[0]).toMatch(/^Tenga en cuenta/);
    expect(next[1]).toMatch(/^\*Qué ha cambiado desde 2023/);
    expect(next.at(-1)).toMatch(/^¿Qué le gustaría saber\?/);
  });

  it('sends what was kept before a staff message within the window, so the order never changes', async () => {
    const fay = person('5215540000007');
    await fay.say('hola');
    fake.tokenExpired = true;
    await fay.say('3');
    fake.tokenExpired = false;
    const conversationId = ids.conversationOf(fay.phone);
    await running.app.runtime.continueConversation({ channelId: 'whatsapp', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: conversationId, name: '' }, bot: { id: fake.phoneNumberId, name: '' }, serviceUrl: 'whatsapp' }, async (context) => {
      await context.sendActivity({ type: 'message', text: 'La oficina le escribe.', locale: 'es-ES' });
    });
    const texts = fay.newMessages().map((m) => fake.textOf(m));
    expect(texts[0]).toMatch(/^Tenga en cuenta/);
    expect(texts.at(-1)).toBe('La oficina le escribe.');
    expect(texts).toHaveLength(4);
  });

  it('does not retry a message WhatsApp cannot deliver (131026), and notes it for staff', async () => {
    const cai = person('5215540000003');
    await cai.say('hola');
    fake.failNext.push(131026);
    const before = fake.requests;
    await cai.say('menú');
    expect(fake.requests - before).toBe(2);
    expect(await notes(cai.phone)).toEqual([{ code: 131026, kept: 0, dropped: 1 }]);
  });

  it('drops a message refused by a gateway (HTTP 502, no Graph error) and sends the next', async () => {
    const dan = person('5215540000004');
    await dan.say('hola');
    fake.down = true;
    await dan.say('menú');
    fake.down = false;
    expect(await notes(dan.phone)).toEqual([{ code: -1, kept: 0, dropped: 1 }]);
    expect((await dan.say('3')).length).toBeGreaterThan(0);
  });

  it('never sends again a message that got no answer: it may have arrived; what follows waits for the next message', async () => {
    const api = new WhatsAppApi({ baseUrl: fake.baseUrl, phoneNumberId: fake.phoneNumberId, accessToken: FAKE_ACCESS_TOKEN, timeoutMs: 300 }, createLogger('silent'));
    fake.hangNext = 1;
    const before = fake.requests;
    expect(await api.send('5215540000005', { type: 'text', text: { body: 'hola', preview_url: false } })).toEqual({ ok: false, failure: 'noAnswer', code: -2 });
    expect(fake.requests - before).toBe(1);

    const eva = person('5215540000006');
    await eva.say('hola');
    fake.hangNext = 1;
    // The first of the three messages answering "3" gets no answer within WHATSAPP_SEND_TIMEOUT_MS.
    const got = await eva.say('3');
    expect(got).toEqual([]);
    expect(await notes(eva.phone)).toEqual([{ code: -2, kept: 2, dropped: 1 }]);
    const next = (await eva.say('menú')).map((m) => fake.textOf(m));
    expect(next[0]).toMatch(/^\*Qué ha cambiado desde 2023/);
    expect(fake.sentTo(eva.phone).filter((m) => fake.textOf(m).startsWith('Tenga en cuenta'))).toHaveLength(0);
  });
});
