import { DirectLine, type SeenActivity, waitUntil } from '../../helpers/directLineClient';
import { postJson, startApp, type RunningApp } from '../../helpers/httpApp';

interface Session {
  token: string;
  conversationId: string;
  userId: string;
}

const tagsOf = (a: SeenActivity) => a.channelData?.camino?.tags ?? [];

describe.each([
  ['WebSocket', true],
  ['polling', false],
])('botframework-directlinejs over %s', (_mode, webSocket) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  async function newSession(locale: string): Promise<Session> {
    const { status, json } = await postJson(`${running.baseUrl}/api/webchat/token`, { locale });
    expect(status).toBe(200);
    return json as Session;
  }

  it('runs a whole conversation: greeting in the start locale, a button answer, a typed question, the safety answer', async () => {
    const session = await newSession('es-ES');
    const dl = new DirectLine({ domain: `${running.baseUrl}/v3/directline`, token: session.token, webSocket, pollingInterval: 200 });
    const seen: SeenActivity[] = [];
    const subscription = dl.activity$.subscribe((a) => seen.push(a));
    try {
      await waitUntil(() => seen.some((a) => tagsOf(a).includes('menu.prompt')), 15_000, 'the greeting');
      expect(seen[0].text).toMatch(/No soy abogado/);
      expect(seen.every((a) => a.from.role === 'bot' || a.from.id === session.userId)).toBe(true);

      const say = async (text: string, waitFor: string) => {
        const clientActivityID = `c-${Math.random()}`;
        const id = await new Promise<string>((resolve, reject) =>
          dl.postActivity({ type: 'message', text, from: { id: session.userId }, channelData: { clientActivityID } }).subscribe(resolve, reject),
        );
        await waitUntil(() => seen.some((a) => tagsOf(a).includes(waitFor)), 15_000, waitFor);
        const echo = seen.find((a) => a.id === id);
        expect(echo?.channelData?.clientActivityID).toBe(clientActivityID);
        expect(echo?.text).toBe(text);
      };
      await say('Regresos a México (2023)', 'card:mexico-returns');
      await say('¿qué fue el título 42?', 'card:title-42');
      await say('me quieren matar', 'card:emergency');
      const ids = seen.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      subscription.unsubscribe();
      dl.end();
    }
  });
});

describe('Direct Line reconnects, refreshes and refuses', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  it('gives a client that reconnects with its watermark exactly what it missed, in order', async () => {
    const { json } = await postJson(`${running.baseUrl}/api/webchat/token`, { locale: 'en-US' });
    const session = json as Session;
    const first = new DirectLine({ domain: `${running.baseUrl}/v3/directline`, token: session.token, webSocket: true });
    const seen: SeenActivity[] = [];
    const sub = first.activity$.subscribe((a) => seen.push(a));
    await waitUntil(() => seen.some((a) => tagsOf(a).includes('menu.prompt')), 15_000, 'the greeting');
    const watermark = (first as unknown as { watermark: string }).watermark;
    sub.unsubscribe();
    first.end();

    const reference = { channelId: 'webchat', conversation: { id: session.conversationId, isGroup: false, conversationType: 'personal', name: '' }, bot: { id: 'camino', name: 'Camino' }, user: { id: session.userId, name: '' }, serviceUrl: running.baseUrl };
    await running.app.runtime.continueConversation(reference, async (context) => {
      await context.sendActivity('A message from the office while you were away.');
      await context.sendActivity('And a second one.');
    });

    const second = new DirectLine({ domain: `${running.baseUrl}/v3/directline`, token: session.token, conversationId: session.conversationId, watermark, webSocket: true });
    const missed: SeenActivity[] = [];
    const sub2 = second.activity$.subscribe((a) => missed.push(a));
    try {
      await waitUntil(() => missed.length >= 2, 15_000, 'the missed messages');
      await new Promise((r) => setTimeout(r, 300));
      expect(missed.map((a) => a.text)).toEqual(['A message from the office while you were away.', 'And a second one.']);
    } finally {
      sub2.unsubscribe();
      second.end();
    }
  });

  it('refreshes a token into a new one for the same conversation, and refuses another conversation with 403', async () => {
    const a = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    const b = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${a.token}` });
    expect(started.status).toBe(201);
    const again = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${a.token}` });
    expect(again.status).toBe(200);

    const refreshed = await postJson(`${running.baseUrl}/v3/directline/tokens/refresh`, {}, { authorization: `Bearer ${a.token}` });
    expect(refreshed.status).toBe(200);
    const fresh = refreshed.json as { token: string; conversationId: string };
    expect(fresh.conversationId).toBe(a.conversationId);
    expect(fresh.token).not.toBe(a.token);
    const list = await fetch(`${running.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, { headers: { authorization: `Bearer ${fresh.token}` } });
    expect(list.status).toBe(200);

    const other = await fetch(`${running.baseUrl}/v3/directline/conversations/${b.conversationId}/activities`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain(b.conversationId);
  });
});
