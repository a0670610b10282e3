import WebSocket from 'ws';
import { postJson, startApp, type RunningApp } from '../../helpers/httpApp';

interface ActivitySet {
  activities: Array<{ id: string; text?: string }>;
  watermark?: string;
}

describe('the Direct Line stream', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  it('sends a long history whole, in order and once each, to a socket that connects from the start', async () => {
    const { token, conversationId } = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string };
    const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${token}` });
    const { streamUrl } = started.json as { streamUrl: string };
    const reference = { channelId: 'webchat', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, bot: { id: 'camino', name: 'Camino' }, user: { id: 'u', name: '' }, serviceUrl: running.baseUrl };
    const count = 1200;
    await running.app.runtime.continueConversation(reference, async (context) => {
      await context.sendActivities(Array.from({ length: count }, (_, i) => ({ type: 'message', text: `note ${i}` })));
    });

    const socket = new WebSocket(streamUrl.replace(/&watermark=\d+/, ''));
    const texts: string[] = [];
    const watermarks: number[] = [];
    socket.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const set = JSON.parse(data.toString()) as ActivitySet;
      if (set.watermark) watermarks.push(Number(set.watermark));
      for (const a of set.activities) if (a.text?.startsWith('note ')) texts.push(a.text);
    });
    const deadline = Date.now() + 15_000;
    while (texts.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    expect(texts).toEqual(Array.from({ length: count }, (_, i) => `note ${i}`));
    expect(watermarks).toEqual([...watermarks].sort((a, b) => a - b));
  });
});
