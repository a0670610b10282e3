import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DirectLine, type SeenActivity, waitUntil } from '../../helpers/directLineClient';
import { emulatorActivity, postJson, startApp, type RunningApp } from '../../helpers/httpApp';

const SCREENING = ['Get help from an attorney', 'yes', ...Array<string>(9).fill('skip')];
const tagsOf = (a: SeenActivity) => a.channelData?.camino?.tags ?? [];

/** Stands in for the Bot Framework connector the Emulator runs: records what the bot posts to a conversation. */
async function startFakeConnector(): Promise<{ url: string; posted: { text?: string }[]; close: () => Promise<void> }> {
  const posted: { text?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string });
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `sent-${posted.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, posted, close: () => new Promise((r) => server.close(() => r())) };
}

describe('live handoff over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  it('Emulator-style: a staff message reaches the connector and the bot stays quiet until "menu"', async () => {
    const connector = await startFakeConnector();
    const conversation = { id: 'emulator-handoff-1' };
    const say = async (text: string) => {
      const { status, json } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ text, conversation, serviceUrl: connector.url, deliveryMode: 'expectReplies' }));
      expect(status).toBe(200);
      return ((json as { activities?: { text?: string; type: string }[] }).activities ?? []).filter((a) => a.type === 'message');
    };
    await say('hello');
    for (const step of SCREENING) await say(step);
    const [lead] = await running.app.runtime.screening.leads.listForConversation('emulator', conversation.id);
    expect(lead.outcome).toBe('qualified');

    await running.app.handoff.sendStaffMessage({ leadId: lead.id }, 'This is the office. We will call you in 10 minutes.');
    expect(connector.posted.map((p) => p.text)).toContain('This is the office. We will call you in 10 minutes.');
    expect(await say('thank you')).toEqual([]);
    const back = await say('menu');
    expect(back.at(-1)?.text).toMatch(/What would you like to know/);
    await connector.close();
  });

  it('Direct Line: the staff message reaches the Web Chat client and pauses the bot', async () => {
    const { json } = await postJson(`${running.baseUrl}/api/webchat/token`, { locale: 'en-US' });
    const session = json as { token: string; conversationId: string; userId: string };
    const dl = new DirectLine({ domain: `${running.baseUrl}/v3/directline`, token: session.token, webSocket: false, pollingInterval: 200 });
    const seen: SeenActivity[] = [];
    const subscription = dl.activity$.subscribe((a) => seen.push(a));
    const post = (text: string) =>
      new Promise<string>((resolve, reject) => dl.postActivity({ type: 'message', text, from: { id: session.userId } }).subscribe(resolve, reject));
    const botSaid = (tag: string) => seen.filter((a) => a.from.role === 'bot' && tagsOf(a).includes(tag)).length;
    try {
      await waitUntil(() => botSaid('menu.prompt') > 0, 15_000, 'the greeting');
      for (const step of SCREENING) await post(step);
      await waitUntil(() => botSaid('screening:office.prompt') > 0, 15_000, 'the office card');

      await running.app.handoff.sendStaffMessage({ channelId: 'webchat', conversationId: session.conversationId }, 'Hi, a staff member here.');
      await waitUntil(() => botSaid('staff.message') > 0, 15_000, 'the staff message');
      const quietFrom = seen.length;
      await post('ok, thanks');
      await post('menu');
      await waitUntil(() => botSaid('menu.prompt') > 1, 15_000, 'the menu again');
      const botBetween = seen.slice(quietFrom).filter((a) => a.from.role === 'bot');
      expect(botBetween.flatMap(tagsOf)).toEqual(['menu.prompt']);
    } finally {
      subscription.unsubscribe();
      dl.end();
    }
  });
});
