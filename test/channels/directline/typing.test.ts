import WebSocket from 'ws';
import { postJson, startApp, type RunningApp } from '../../helpers/httpApp';

describe('a slow turn on Direct Line', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await running.app.close();
  });

  it('shows the typing indicator over the WebSocket before the reply, and does not store it', async () => {
    const { json } = await postJson(`${running.baseUrl}/api/webchat/token`, {});
    const { token, conversationId } = json as { token: string; conversationId: string };
    const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${token}` });
    const socket = new WebSocket((started.json as { streamUrl: string }).streamUrl);
    const frames: Array<{ type: string; text?: string }> = [];
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text) for (const a of (JSON.parse(text) as { activities: Array<{ type: string; text?: string }> }).activities) frames.push(a);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const deadline = (predicate: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          if (predicate()) resolve(clearInterval(tick));
          else if (Date.now() - started > 10_000) reject(new Error('timed out'));
        }, 20);
      });
    await deadline(() => frames.some((f) => f.type === 'message' && /menu|know/i.test(f.text ?? '')));

    const bot = running.app.runtime.bot;
    const run = bot.run.bind(bot);
    jest.spyOn(bot, 'run').mockImplementation(async (context) => {
      await new Promise((r) => setTimeout(r, 900));
      return run(context);
    });
    frames.length = 0;
    await postJson(`${running.baseUrl}/v3/directline/conversations/${conversationId}/activities`, { type: 'message', text: '2' }, { authorization: `Bearer ${token}` });
    await deadline(() => frames.some((f) => f.type === 'message' && f.text !== '2'));

    const firstTyping = frames.findIndex((f) => f.type === 'typing');
    const firstReply = frames.findIndex((f) => f.type === 'message' && f.text !== '2');
    expect(firstTyping).toBeGreaterThanOrEqual(0);
    expect(firstTyping).toBeLessThan(firstReply);
    const stored = await running.app.runtime.transcripts.list('webchat', conversationId);
    expect(stored.some((r) => r.activity.type === 'typing')).toBe(false);
    socket.close();
  });
});
